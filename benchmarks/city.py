"""A city's forms for the benchmarks: every form its own money, indicators, targets and results.

A corpus of one form copied a thousand times (the same six rows, the same 100 万元) lets any cache
keyed by a cell's value hit on every row after the first, which a city's collection never does:
counties fill in different projects, indicators and figures. These forms vary as real ones do —
the money, the number of indicator rows (7 to 16), their names, kinds, targets and results, the
weights within each 一级 — while keeping the seeds' layout (tests/lintkit.py) so the reader sees the
forms a province sends. Most forms are clean; some lose points on a missed target, a share of those
without a reason (PX205), as clerks' forms do.
"""

from __future__ import annotations

import random

# Stems of indicator names as 医保 (the seeds' field) forms print them; a name is a stem and a kind.
STEMS = ["参保", "资助参保", "医疗救助", "定点医药机构检查", "基金监管", "异地就医直接结算", "门诊慢特病待遇",
         "医保信息系统运行", "药品集中采购", "长期护理保险", "困难群众救助", "家庭医生签约", "医保经办服务",
         "医保电子凭证激活", "大病保险", "生育保险待遇", "医保支付方式改革", "DRG付费", "医疗服务价格调整",
         "欺诈骗保案件查处", "飞行检查", "医保政策宣传", "经办人员培训", "医保档案整理", "医保窗口服务",
         "村级医保服务点建设", "慢病用药保障", "高值耗材集采", "医保基金预算执行", "医保便民服务",
         "城乡居民医保", "职工医保", "医疗救助一站式结算", "特殊人群参保", "退役军人医疗保障", "医保智能监控",
         "定点机构协议管理", "医保结算清单上传", "医保数据质量", "跨省备案"]
UNITS = ["人", "人次", "次", "家", "件", "场", "份", "个"]
QUALITY = ["显著提升", "有效提升", "逐步改善", "明显改善", "持续提高", "稳步推进", "有效保障"]
WHO = ["参保群众", "服务对象", "定点医药机构", "救助对象", "参保单位"]


def _split(total: int, parts: int, rnd: random.Random) -> list[int]:
    """total points over parts rows, each at least 1 (a 一级's weights)."""
    cuts = sorted(rnd.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def _output_row(rnd: random.Random, year: int) -> tuple[str, str, str, str, float]:
    """(二级, 三级, 年度指标值, 实际完成值, share of the points earned) of one 产出 row of a random kind;
    a missed quantitative target earns what the standard method gives (actual ÷ target)."""
    stem, met = rnd.choice(STEMS), rnd.random() < 0.85
    kind = rnd.choice(["count", "count", "rate", "rate", "time", "cost"])
    if kind == "count":
        unit, n = rnd.choice(UNITS), rnd.randint(5, 50000)
        done = rnd.randint(n, int(n * 1.3) + 1) if met else rnd.randint(max(1, n // 2), max(1, n - 1))
        name = f"{stem}{'人数' if unit.startswith('人') else '数量'}"
        return "数量指标", name, f"≥{n}{unit}", f"{done}{unit}", 1.0 if met else done / n
    if kind == "rate":
        p = rnd.choice([80, 85, 90, 95, 98, 100])
        q = round(rnd.uniform(p, 100), 2) if met else round(rnd.uniform(p - 15, p - 0.5), 2)
        name = f"{stem}{rnd.choice(['覆盖率', '合格率', '完成率', '结算率'])}"
        return "质量指标", name, f"≥{p}%", f"{q}%", 1.0 if met else q / p
    if kind == "time":
        month = rnd.randint(6, 12)
        done = "按时完成" if met else f"{year + 1}年{rnd.randint(1, 3)}月完成"
        return "时效指标", f"{stem}完成时间", f"{year}年{month}月底前", done, 1.0 if met else rnd.uniform(0.5, 0.9)
    cap = round(rnd.uniform(5, 800), 2)
    spent = round(cap * rnd.uniform(0.8, 1.0), 2) if met else round(cap * rnd.uniform(1.05, 1.4), 2)
    return "成本指标", f"{stem}成本", f"≤{cap}万元", f"{spent}万元", 1.0 if met else 1 - (spent - cap) / cap


def _row(block: str, rnd: random.Random, year: int) -> tuple[str, str, str, str, float]:
    """(二级, 三级, 年度指标值, 实际完成值, share of the points earned) of a row of the 一级 block."""
    if block == "产出":
        return _output_row(rnd, year)
    if block == "效益":
        share = 1.0 if rnd.random() < 0.9 else rnd.uniform(0.5, 0.9)
        level2 = rnd.choice(["社会效益指标", "经济效益指标", "可持续影响指标"])
        actual = rnd.choice(QUALITY) if share == 1 else "部分实现"
        return level2, f"{rnd.choice(STEMS)}成效", rnd.choice(QUALITY), actual, share
    p = rnd.choice([85, 90, 95])
    q = round(rnd.uniform(p, 99.5), 1) if rnd.random() < 0.9 else round(rnd.uniform(p - 10, p - 1), 1)
    return "服务对象满意度指标", f"{rnd.choice(WHO)}满意度", f"≥{p}%", f"{q}%", min(1.0, q / p)


def _rows(rnd: random.Random, year: int) -> tuple[list[list], float]:
    """The indicator rows (as lintkit's spec["rows"]) and the points they earn."""
    rows, earned, used = [], 0.0, set()
    blocks = (("产出", 50, rnd.randint(4, 9)), ("效益", 30, rnd.randint(2, 5)), ("满意度", 10, rnd.randint(1, 2)))
    for block, points, n in blocks:
        for i, weight in enumerate(_split(points, n, rnd)):
            while (row := _row(block, rnd, year))[1] in used:  # a form names each indicator once (PX302)
                pass
            level2, name, target, actual, share = row
            used.add(name)
            score = weight if share >= 1 else round(weight * share, 2)
            reason = None if share >= 1 or rnd.random() < 0.3 else "受客观因素影响，下一年度加强统筹推进"
            label = f"{block}指标（{points}分）" if i == 0 else None
            rows.append([label, level2, name, target, actual, weight, score, reason])
            earned += score
    return rows, earned


def city_form(form, edit, project: str, place: str, rnd: random.Random, year: int = 2023) -> dict:
    """One project's form, all its figures drawn afresh (form and edit: tests/lintkit's)."""
    budget = round(rnd.uniform(10, 5000), 2)
    spent = round(budget * (rnd.uniform(0.9, 1.0) if rnd.random() < 0.85 else rnd.uniform(0.6, 0.9)), 2)
    carried = round(budget * rnd.choice([0, 0, 0.1, 0.2]), 2)
    rate = spent / budget
    fund = round(10 * rate + 1e-9, 2)
    rows, earned = _rows(rnd, year)
    spec = form(project=project, dept=f"{place}医疗保障局", unit=f"{place}医疗保障局", rows=rows,
                total=[100, round(fund + earned, 2)])
    spec["fund"] = [["年度资金总额", budget, budget, spent, 10, round(rate, 4), fund],
                    ["其中：本年财政拨款", round(budget - carried, 2), round(budget - carried, 2),
                     round(spent - min(carried, spent), 2), None, None, None],
                    ["上年结转资金", carried, carried, min(carried, spent), None, None, None],
                    ["其他资金", 0, 0, 0, None, None, None]]
    return spec
