"""Evaluation-report tables (score table with 小计/合计, seed-004 summary): build, inject, write."""

from __future__ import annotations

import copy
import random
from decimal import Decimal

from . import pools
from .check import check_table, rate_cells, stated_rate
from .layout import Sheet, mangle, runs
from .model import Table, V, q2
from .values import dec, num, split

GRADES = {4: ["优", "良", "中", "差"], 5: ["优秀", "良好", "合格", "基本合格", "不合格"]}


def _lower(rng: random.Random, w: Decimal, lo: float = 0.6) -> Decimal:
    return q2(w * Decimal(str(rng.uniform(lo, 0.99))))


def _safe(total: Decimal) -> bool:
    return all(abs(total - b) > Decimal("0.05") for b in (60, 70, 80, 90))


def build_table(rng: random.Random, kind: str, project: str) -> Table:
    t = Table(kind, scale=rng.choice([4, 4, 5]), style={"trunc": rng.random() < 0.3, "fmt2": rng.random() < 0.5,
                                                         "rate_text": rng.random() < 0.5})
    while True:
        if kind == "summary":
            weights = rng.choice([(11, 20, 34, 35), (20, 20, 30, 30), (15, 20, 35, 30)])
            t.blocks = [(l1, [(None, None, Decimal(w), Decimal(w) if rng.random() < 0.3 else _lower(rng, Decimal(w)))])
                        for l1, w in zip(("决策", "过程", "产出", "效益"), weights)]
        else:
            weights = rng.choice([(20, 20, 30, 30), (15, 20, 35, 30), (10, 20, 40, 30), (20, 20, 40, 20)])
            t.blocks = []
            for (l1, groups), total in zip(pools.EVAL_L1, weights):
                items = [(l2, l3) for l2, l3s in groups for l3 in l3s]
                rows = [[l2, l3, Decimal(w), Decimal(w)] for (l2, l3), w in zip(items, split(rng, total, len(items)))]
                for _ in range(rng.randint(0, 2)):
                    row = rng.choice(rows)
                    row[3] = _lower(rng, row[2], 0.8)
                t.blocks.append((l1 if l1 != "效益" or rng.random() < 0.5 else "效果", [tuple(r) for r in rows]))
        if _safe(t.total(1)):
            break
    t.title = f"{project}项目绩效评价评分情况表" if kind == "score_table" else "评价结论和绩效分析"
    t.has_rate = kind == "summary" or rng.random() < 0.5
    t.has_grade = kind == "summary" or rng.random() < 0.8
    return t


def inject_table(rng: random.Random, t: Table, rule: str) -> bool:
    """Inject PX115/PX116/PX117; keep it only when the model check finds exactly that."""
    saved = copy.deepcopy(t)
    declared = None
    if rule == "PX115" and t.kind == "score_table":
        i, col = rng.randrange(len(t.blocks)), rng.choice([0, 1])
        room = t.sub(i, 0) - t.sub(i, 1)  # keep the 小计's 得分 within its 分值
        delta = dec(rng, 0.5, 3) if col == 0 else -dec(rng, 0.5, 3)
        if col == 1 and room > 1 and rng.random() < 0.5:
            delta = min(room, Decimal(1))
        t.over["sub", i, col] = delta
        declared = ("PX115", f"sub:{i}:{col}")
    elif rule == "PX116" and rate_cells(t):
        key = rng.choice(sorted(rate_cells(t)))
        right = stated_rate(t, key)
        sign = -1 if right > 90 or rng.random() < 0.5 else 1
        wrong = max(Decimal(1), right + sign * dec(rng, 0.5, 8))
        t.over["rate", key] = wrong
        declared = ("PX116", f"rate:{key}")
    elif rule == "PX117" and t.has_grade:
        words = GRADES[t.scale]
        k = words.index(t.grade())
        t.over["grade"] = words[k + 1] if k == 0 or (k < len(words) - 1 and rng.random() < 0.5) else words[k - 1]
        declared = ("PX117", "grade")
    if declared and check_table(t)[0] == set(t.declared) | {declared}:
        t.declared.append(declared)
        t.injections.append(rule)
        return True
    t.__dict__.update(saved.__dict__)
    return False


def _num(t: Table, d: Decimal):
    return V(num(d), "0.00") if t.style["fmt2"] else num(d)


def _rate(t: Table, key: str):
    p = stated_rate(t, key)
    if t.style["rate_text"]:
        return "100%" if p == 100 else f"{p:.2f}%"
    return V(float(p / 100), "0.00%")


def write_table(ws, t: Table, rng: random.Random) -> dict:
    sh = Sheet(ws, rng, rng.choice([0, 0, 1]))
    return (_summary if t.kind == "summary" else _scores)(sh, t)


def _scores(sh: Sheet, t: Table) -> dict:
    rng, anchors = sh.rng, {}
    width = 6 if t.has_rate else 5
    r = sh.gap(1, width)
    if rng.random() < 0.7:
        sh.put(r, 0, t.title, c2=width - 1)
        r = sh.gap(r + 1, width)
    heads = ["一级指标", "二级指标", "三级指标", "分值", "得分"] + (["得分率"] if t.has_rate else [])
    for c, h in enumerate(heads):
        sh.put(r, c, mangle(rng, h, 0.2))
    mode, r = rng.choice(["merge", "merge", "first", "repeat"]), r + 1
    sub_label = rng.choice(["小计", "小计", "得分小计"])
    for i, (l1, rows) in enumerate(t.blocks):
        n = len(rows)
        if mode == "merge":
            sh.put(r, 0, l1, r2=r + n)
        for k in range(n + 1 if mode == "repeat" else 1):
            if mode != "merge":
                sh.put(r + k, 0, l1)
        for a, b in runs([row[0] for row in rows]):
            for k in ([a] if mode != "repeat" else range(a, b + 1)):
                sh.put(r + k, 1, rows[a][0], r2=r + b if mode == "merge" else None)
        for j, (_, l3, w, s) in enumerate(rows):
            sh.put(r + j, 2, l3)
            anchors[f"row:{i}:{j}:分值"] = sh.put(r + j, 3, _num(t, w))
            anchors[f"row:{i}:{j}:得分"] = sh.put(r + j, 4, _num(t, s))
            if t.has_rate:
                anchors[f"rate:{i}:{j}"] = sh.put(r + j, 5, _rate(t, f"{i}:{j}"))
        sh.put(r + n, 1, sub_label, c2=2 if rng.random() < 0.5 else None)
        anchors[f"sub:{i}:0"] = sh.put(r + n, 3, _num(t, t.sub(i, 0)))
        anchors[f"sub:{i}:1"] = sh.put(r + n, 4, _num(t, t.sub(i, 1)))
        if t.has_rate:
            anchors[f"rate:{i}:sub"] = sh.put(r + n, 5, _rate(t, f"{i}:sub"))
        r += n + 1
    sh.put(r, 0, rng.choice(["合计", "合 计", "总分"]), c2=2)
    anchors["total:分值"] = sh.put(r, 3, _num(t, t.total(0)))
    anchors["total:得分"] = sh.put(r, 4, _num(t, t.total(1)))
    if t.has_rate:
        anchors["rate:total"] = sh.put(r, 5, _rate(t, "total"))
    if t.has_grade:
        sh.put(r + 1, 0, rng.choice(["评价等级", "绩效评价等级"]), c2=2)
        anchors["grade"] = sh.put(r + 1, 3, t.grade(), c2=4)
    return anchors


def _summary(sh: Sheet, t: Table) -> dict:
    rng, anchors = sh.rng, {}
    r = sh.gap(1, 7)
    if rng.random() < 0.6:
        sh.put(r, 0, "四、" + t.title, c2=6)
        r += 1
    sh.put(r, 0, "综合评价结论")
    sh.put(r, 1, "评价得分", c2=2)
    anchors["score"] = sh.put(r, 3, _num(t, t.total(1)))
    sh.put(r, 4, "评价等级", c2=5)
    anchors["grade"] = sh.put(r, 6, t.grade())
    sh.put(r + 1, 0, "绩效分析", r2=r + 4)
    sh.put(r + 1, 1, "指标")
    for c, (l1, _) in enumerate(t.blocks, start=2):
        sh.put(r + 1, c, l1)
    sh.put(r + 1, 2 + len(t.blocks), "合计")
    for k, label in enumerate(("分值", "得分", "得分率"), start=2):
        sh.put(r + k, 1, label)
    for c, (l1, rows) in enumerate(t.blocks, start=2):
        anchors[f"w:{c - 2}"] = sh.put(r + 2, c, _num(t, rows[0][2]))
        anchors[f"s:{c - 2}"] = sh.put(r + 3, c, _num(t, rows[0][3]))
        anchors[f"rate:{c - 2}"] = sh.put(r + 4, c, _rate(t, str(c - 2)))
    c = 2 + len(t.blocks)
    anchors["total:分值"] = sh.put(r + 2, c, _num(t, t.total(0)))
    anchors["total:得分"] = sh.put(r + 3, c, _num(t, t.total(1)))
    anchors["rate:total"] = sh.put(r + 4, c, _rate(t, "total"))
    return anchors
