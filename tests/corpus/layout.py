"""Write a form model onto a worksheet cell by cell, like a clerk's hand-made form; return its anchors."""

from __future__ import annotations

import random
from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from perfxl.template.layout import runs

from . import pools
from .model import D0, Form, V
from .values import dtext, num

WRAP = Alignment(wrap_text=True, vertical="center")
MGMT = [("分配科学性", "科学分配"), ("下达及时性", "及时下达"), ("拨付合规性", "拨付合规"), ("使用规范性", "使用规范"),
        ("执行准确性", "准确执行"), ("预算绩效管理情况", "实施绩效管理"), ("支出责任履行情况", "履行支出责任")]


def mangle(rng: random.Random, text: str, p: float = 0.25) -> str:
    """A header as clerks break it: a space or a line break somewhere inside."""
    if len(text) < 3 or rng.random() >= p:
        return text
    i = rng.randint(1, len(text) - 1)
    return text[:i] + rng.choice([" ", "\n"]) + text[i:]


class Sheet:
    """A worksheet with the form's first column at an offset (A or B)."""

    def __init__(self, ws, rng: random.Random, c0: int):
        self.ws, self.rng, self.c0 = ws, rng, c0

    def put(self, r: int, c: int, value, r2: int | None = None, c2: int | None = None) -> str:
        cell = self.ws.cell(r, self.c0 + c + 1)
        if isinstance(value, V):
            cell.value = value.value
            if value.fmt:
                cell.number_format = value.fmt
        else:
            cell.value = value
        cell.alignment = WRAP
        if (r2 or r) != r or (c2 if c2 is not None else c) != c:
            self.ws.merge_cells(start_row=r, start_column=self.c0 + c + 1,
                                end_row=r2 or r, end_column=self.c0 + (c2 if c2 is not None else c) + 1)
        return cell.coordinate

    def gap(self, r: int, width: int, p: float = 0.3) -> int:
        """Maybe a blank or note row before row r; returns the next free row."""
        if self.rng.random() < p:
            note = self.rng.choice(pools.NOTES)
            if note:
                self.put(r, 0, note, c2=width - 1)
            return r + 1
        return r


def number(form: Form, key: str, d: Decimal | None, fmt: bool = False):
    """A figure as typed: a number (maybe formatted 0.00), or text when PX305 was injected there."""
    if d is None:
        return None
    if key in form.text:
        return dtext(d) + form.over.get(("suffix", key), "")
    return V(num(d), "0.00") if fmt else num(d)


def rate_value(form: Form, p: Decimal | None, zero_budget: bool = False):
    if p is None:
        return None
    mode = form.style.get("rate_mode", "fmt")
    if zero_budget and p == D0:
        return form.style.get("zero_rate", 0)
    if mode == "text":
        return "100%" if p == 100 and form.style.get("short100") else f"{p:.2f}%"
    if mode == "num" and p >= 2:
        return num(p)  # 100 meaning 100%
    return V(float(p / 100), "0.00%")


def amount(form: Form, d: Decimal | None, total: bool):
    if d is None or (d == D0 and not total and form.style.get("zero_blank")):
        return None
    return num(d)


def l1_label(form: Form, l1: str) -> str:
    pts = form.l1_points(l1)
    return l1 if pts is None else l1 + (form.points or "（{}分）").format(dtext(pts))


def title_rows(sh: Sheet, r: int, width: int, title: str, year: int) -> int:
    n = sh.rng.choice([0, 1, 1, 2])
    if n == 1:
        sh.put(r, 0, f"{year}年度{title}", c2=width - 1)
    elif n == 2:
        sh.put(r, 0, title, c2=width - 1)
        sh.put(r + 1, 0, f"（{year}年度）", c2=width - 1)
    return sh.gap(r + n, width)


def indicator_table(sh: Sheet, form: Form, r: int, width: int, anchors: dict) -> int:
    rng, rows = sh.rng, form.inds
    heads = (["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
             if form.scored else ["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"])
    names = ["一级指标", "二级指标", "三级", "年度指标值", "实际完成值"] + (["分值", "得分"] if form.scored else []) + ["偏差原因"]
    sh.put(r, 0, mangle(rng, "绩效指标"), r2=r + len(rows))
    for c, h in enumerate(heads, start=1):
        at = sh.put(r, c, mangle(rng, h))
        if c == 1:
            anchors["hdr:一级指标"] = at
    mode = rng.choice(["merge", "merge", "first", "repeat"])
    first = r + 1
    for col, keyf, textf in ((1, lambda i: i.l1, lambda i: l1_label(form, i.l1)),
                             (2, lambda i: (i.l1, i.l2), lambda i: i.l2)):
        for a, b in runs([keyf(i) for i in rows]):
            if col == 1:
                anchors[f"l1:{rows[a].l1}"] = sh.ws.cell(first + a, sh.c0 + col + 1).coordinate
            if mode == "merge":
                sh.put(first + a, col, textf(rows[a]), r2=first + b)
            else:
                for i in range(a, b + 1 if mode == "repeat" else a + 1):
                    sh.put(first + i, col, textf(rows[a]))
    for i, ind in enumerate(rows):
        rr = first + i
        vals = [ind.name, ind.target, ind.actual]
        if form.scored:
            vals += [number(form, f"ind:{i}:分值", ind.weight), number(form, f"ind:{i}:得分", ind.score,
                                                                        form.style.get("score_fmt") and not ind.na)]
        vals.append(ind.reason)
        for j, v in enumerate(vals):
            if ind.na and j == 0 and form.style.get("na_span"):
                anchors[f"ind:{i}:三级"] = sh.put(rr, 3, v, c2=5)
                continue
            if ind.na and j in (1, 2) and form.style.get("na_span"):
                continue
            anchors[f"ind:{i}:{names[j + 2]}"] = sh.put(rr, 3 + j, v)
    r = first + len(rows)
    if form.scored:
        sh.put(r, 0, rng.choice(["总分", "总 分", "总  分"]), c2=5)
        anchors["total:分值"] = sh.put(r, 6, number(form, "total:分值", form.total_weight()))
        anchors["total:得分"] = sh.put(r, 7, number(form, "total:得分", form.total_score(), form.style.get("score_fmt")))
        r += 1
    return r


def funds_block(sh: Sheet, form: Form, r: int, anchors: dict) -> int:
    rng, n = sh.rng, len(form.funds)
    label = rng.choice(["项目资金（万元）", "项目资金 (万元)", "项目资金\n（万元）", "项目资金(万元)"])
    if form.kind == "department":
        label = rng.choice(["年度预算申请（万元）", "年度预算申请"])
    lab_end = 1 if form.kind == "department" else 0
    sh.put(r, 0, label, r2=None if lab_end else r + n, c2=lab_end)
    cols = {"年初预算数": 2, "全年预算数": 3, "全年执行数": 4, "分值": 5, "执行率": 6, "得分": 7}
    if not form.has_initial:
        del cols["年初预算数"]
    unit = "（万元）" if form.kind == "department" and rng.random() < 0.5 else ""
    for name, c in cols.items():
        sh.put(r, c, mangle(rng, name + (unit if "数" in name else ""), 0.35))
    dash = rng.choice(["—", None, "—"])
    for i, f in enumerate(form.funds):
        rr = r + 1 + i
        text = f.label if i else rng.choice(["年度资金总额", "年度资金总额：", "年度资金总额:"])
        if i and "：" in text and rng.random() < 0.4:
            text = text.replace("：", rng.choice([": ", ":"]))
        sh.put(rr, 0 if lab_end else 1, text, c2=(lab_end if lab_end else 1) + (0 if form.has_initial else 1))
        for name, d in (("年初预算数", f.init), ("全年预算数", f.budget), ("全年执行数", f.exec)):
            if name in cols:
                value = amount(form, d, i == 0)
                if f"fund:{i}:{name}" in form.text:
                    value = number(form, f"fund:{i}:{name}", d)
                anchors[f"fund:{i}:{name}"] = sh.put(rr, cols[name], value)
        if i == 0:
            anchors["fund:0:分值"] = sh.put(rr, 5, number(form, "fund:0:分值", form.fund_weight))
            anchors["fund:0:执行率"] = sh.put(rr, 6, rate_value(form, form.stated_pct(0)))
            anchors["fund:0:得分"] = sh.put(rr, 7, number(form, "fund:0:得分", form.fund_score(),
                                                          form.style.get("score_fmt")))
        else:
            sh.put(rr, 5, dash)
    return r + 1 + n


def transfer_funds(sh: Sheet, form: Form, r: int, anchors: dict) -> int:
    rng, n = sh.rng, len(form.funds)
    sh.put(r, 0, rng.choice(["项目资金（万元）", "项目资金 (万元)", "资金情况（万元）"]), r2=r + n)
    heads = rng.choice([("全年预算数（A）", "全年执行数（B）", "预算执行率（B/A）"),
                        ("全年预算数(A)", "全年执行数(B)", "预算执行率(B/A)"),
                        ("全年预算数 (A)", "全年执行数 (B)", "预算执行率 (B/A×100%)")])
    for c, h in zip((2, 3, 4), heads):
        sh.put(r, c, h, c2=6 if c == 4 else None)
    for i, f in enumerate(form.funds):
        rr = r + 1 + i
        sh.put(rr, 1, f.label if i else rng.choice(["年度资金总额：", "年度资金总额", "年度资金总额:"]))
        for c, name, d in ((2, "全年预算数", f.budget), (3, "全年执行数", f.exec)):
            key = f"fund:{i}:{name}"
            anchors[key] = sh.put(rr, c, number(form, key, d) if key in form.text else amount(form, d, i == 0))
        zero = f.budget in (None, D0)
        anchors[f"fund:{i}:执行率"] = sh.put(rr, 4, rate_value(form, form.stated_pct(i), zero), c2=6)
    r += 1 + n
    items = MGMT[: rng.randint(3, len(MGMT))]
    sh.put(r, 0, "资金管理情况", r2=r + len(items))
    sh.put(r, 2, "情况说明", c2=4)
    sh.put(r, 5, "存在问题和改进措施", c2=6)
    for k, (item, text) in enumerate(items, start=1):
        sh.put(r + k, 1, item)
        sh.put(r + k, 2, text, c2=4)
        sh.put(r + k, 5, None, c2=6)
    return r + 1 + len(items)


def write_form(ws, form: Form, rng: random.Random, year: int) -> dict:
    """Lay the form out on ws; returns anchors (logical key -> A1 address)."""
    anchors: dict = {}
    width = 7 if form.kind == "transfer" else 9
    sh = Sheet(ws, rng, rng.choice([0, 0, 1]))
    r = sh.gap(1, width)
    title = {"project": "项目支出绩效自评表", "department": "部门整体支出绩效自评表",
             "transfer": "转移支付区域（项目）绩效目标自评表"}[form.kind]
    r = title_rows(sh, r, width, title, year)
    wide = rng.random() < 0.35
    le = 1 if wide else 0  # the header label spans two columns
    if form.kind == "project":
        sh.put(r, 0, mangle(rng, "项目名称", 0.15), c2=le)
        anchors["field:项目名称"] = sh.put(r, le + 1, form.fields["项目名称"], c2=8)
        sh.put(r + 1, 0, mangle(rng, "主管部门", 0.15), c2=le)
        anchors["field:主管部门"] = sh.put(r + 1, le + 1, form.fields["主管部门"], c2=3)
        sh.put(r + 1, 4, "实施单位", c2=4 + le)
        anchors["field:实施单位"] = sh.put(r + 1, 5 + le, form.fields["实施单位"], c2=8)
        r += 2
    elif form.kind == "department":
        sh.put(r, 0, "预算部门名称", c2=le + 1)
        anchors["field:预算部门名称"] = sh.put(r, le + 2, form.fields["预算部门名称"], c2=8)
        r += 1
    else:
        sh.put(r, 0, rng.choice(["转移支付（项目）名称", "转移支付 (项目)名称"]), c2=le)
        anchors["field:项目名称"] = sh.put(r, le + 1, form.fields["项目名称"], c2=6)
        sh.put(r + 1, 0, "中央主管部门", c2=le)
        anchors["field:中央主管部门"] = sh.put(r + 1, le + 1, form.fields["中央主管部门"], c2=6)
        sh.put(r + 2, 0, "地方主管部门", c2=le)
        anchors["field:主管部门"] = sh.put(r + 2, le + 1, form.fields["主管部门"], c2=3)
        sh.put(r + 2, 4, "资金使用单位")
        anchors["field:实施单位"] = sh.put(r + 2, 5, form.fields["实施单位"], c2=6)
        r += 3
    r = sh.gap(r, width, 0.2)
    r = transfer_funds(sh, form, r, anchors) if form.kind == "transfer" else funds_block(sh, form, r, anchors)
    r = sh.gap(r, width, 0.2)
    goal_label = "总体目标完成情况" if form.kind == "transfer" else "年度总体目标"
    ge = 1 if form.kind == "department" else 0
    mid = 3 if form.kind == "transfer" else 4
    sh.put(r, 0, goal_label, r2=r + 1, c2=ge)
    sh.put(r, ge + 1, "总体目标" if form.kind == "transfer" else "预期目标", c2=mid)
    sh.put(r, mid + 1, "全年实际完成情况" if form.kind == "transfer" else "实际完成情况", c2=width - 1)
    sh.put(r + 1, ge + 1, form.goal[0], c2=mid)
    sh.put(r + 1, mid + 1, form.goal[1], c2=width - 1)
    r = sh.gap(r + 2, width, 0.2)
    r = indicator_table(sh, form, r, width, anchors)
    if rng.random() < 0.4:
        for k, line in enumerate(rng.sample(pools.FOOTERS, rng.randint(1, 3))):
            sh.put(r + 1 + k, 0, line, c2=width - 1)
    widths = [10, 14, 14, 34, 16, 18, 8, 9, 24][:width]
    for c, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(sh.c0 + c + 1)].width = w
    return anchors
