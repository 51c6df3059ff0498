"""Read corpus workbooks back from their cells alone (no generator code) to cross-check the answer key."""

from __future__ import annotations

import re
from collections import Counter
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?[市县区]")
NOT_MET = ("未完成", "待支付", "未达到")


def number(v):
    """A figure from a cell: numbers as they are, text numbers ("10分", "93.07") parsed."""
    if v is None or isinstance(v, (int, float)):
        return v
    m = re.search(r"-?\d+(?:\.\d+)?", str(v))
    return float(m.group()) if m else None


def percent(cell):
    """A rate cell in percent: 0.9954 formatted %, "99.54%", or 99.54 meaning 99.54%."""
    v = cell.value
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return v * 100 if "%" in cell.number_format or v <= 1.5 else v
    return number(v)


def quantity(cell):
    """(value, unit) of a target or actual; % from the number format too."""
    v = cell.value
    if isinstance(v, (int, float)):
        return (v * 100, "%") if "%" in cell.number_format else (v, None)
    text = str(v or "")
    m = re.search(r"(-?\d+(?:\.\d+)?)(?:\s*-\s*\d+(?:\.\d+)?)?\s*(%|万元|元|万人次|人次|万人|人|次|个月|个|家|台|件|条|平方米|份)?", text)
    return (float(m.group(1)), m.group(2)) if m else (None, None)


def op_of(text) -> str:
    text = str(text or "")
    if any(s in text for s in ("≥", "大于等于", "不低于", "以上")):
        return ">="
    return "<=" if any(s in text for s in ("≤", "小于等于")) else "="


def ind_rows(form) -> list[int]:
    return sorted({int(k.split(":")[1]) for k in form["anchors"] if k.startswith("ind:")})


def ind(ws, form, i, col):
    a = form["anchors"].get(f"ind:{i}:{col}")
    return ws[a] if a else None


def is_na(ws, form, i) -> bool:
    return ind(ws, form, i, "三级").value == "本指标不适用"


def standard(x, y, w, op):
    if op == ">=":
        return round(y / x * w, 2)
    return 0 if y >= 2 * x else w * (1 - (y - x) / x)


def dec(v):
    return None if v is None else Decimal(str(number(v)))


def convert(y, unit_actual, unit_target):
    """The actual in the target's unit, or None when the units cannot be related."""
    if unit_actual == unit_target or (unit_actual is None and unit_target == "%"):
        return y
    if unit_actual == "万" + str(unit_target) or (unit_actual == "万元" and unit_target == "元"):
        return y * 10000
    if unit_target == "万" + str(unit_actual) or (unit_actual == "元" and unit_target == "万元"):
        return y / 10000
    return None


def row_facts(ws, form, i, scored):
    t, a = ind(ws, form, i, "年度指标值"), ind(ws, form, i, "实际完成值")
    (x, ut), (y, ua) = quantity(t), quantity(a)
    y = None if y is None or x is None else convert(y, ua, ut)
    op = op_of(t.value)
    text = str(a.value or "")
    short = y is not None and (y < x if op == ">=" else y > x if op == "<=" else False)
    miss = any(w in text for w in NOT_MET) or short
    w = number(ind(ws, form, i, "分值").value) if scored else None
    s = number(ind(ws, form, i, "得分").value) if scored else None
    reason = ind(ws, form, i, "偏差原因").value
    return dict(x=x, y=y, op=op, miss=miss, w=w, s=s, reason=reason, ut=ut, ua=ua, actual=a, target=t)


def form_findings(ws, form) -> set:
    """(rule, cell) the test itself reads off a form's cells (semantics of the corpus key)."""
    out, an = set(), form["anchors"]
    get = lambda k: ws[an[k]] if k in an else None
    scored, kind = form["kind"] != "transfer", form["kind"]
    for k in an:
        if k.startswith("field:") and k != "field:中央主管部门" and get(k).value is None:
            out.add(("PX301", an[k]))
    funds = sorted({int(k.split(":")[1]) for k in an if k.startswith("fund:")})
    for i in funds:
        for col in ("年初预算数", "全年预算数", "全年执行数"):
            c = get(f"fund:{i}:{col}")
            if c is not None and isinstance(c.value, str):
                out.add(("PX305", c.coordinate))
        b, e, r = (dec(get(f"fund:{i}:{c}").value) for c in ("全年预算数", "全年执行数")), None, get(f"fund:{i}:执行率")
        b, e = list(b)
        if r is None:
            continue
        p = percent(r)
        if b and e is not None and p is not None:
            true = e / b * 100
            ok = {true.quantize(Decimal("0.01"), ROUND_HALF_UP), true.quantize(Decimal("0.01"), ROUND_DOWN)}
            if not any(abs(Decimal(str(p)) - v) < Decimal("0.000001") for v in ok):
                out.add(("PX101", r.coordinate))
        elif not b and p not in (None, 0):
            out.add(("PX101", r.coordinate))
    b0, e0 = dec(get("fund:0:全年预算数").value), dec(get("fund:0:全年执行数").value)
    for col in ("全年预算数", "全年执行数"):
        if get(f"fund:0:{col}").value is None:
            out.add(("PX301", an[f"fund:0:{col}"]))
    if kind != "department":
        for col in ("年初预算数", "全年预算数", "全年执行数"):
            if f"fund:0:{col}" in an:
                vals = [dec(get(f"fund:{i}:{col}").value) or 0 for i in funds]
                if any(get(f"fund:{i}:{col}").value is not None for i in funds) and abs(vals[0] - sum(vals[1:])) > \
                        Decimal("0.005"):
                    out.add(("PX103", an[f"fund:0:{col}"]))
    if b0 is not None and e0 is not None and e0 > b0:
        out.add(("PX104", an["fund:0:全年执行数"]))
    rows = [i for i in ind_rows(form) if not is_na(ws, form, i)]
    facts = {i: row_facts(ws, form, i, scored) for i in rows}
    if scored:
        fw, fs = number(get("fund:0:分值").value), number(get("fund:0:得分").value)
        for c in (get("fund:0:分值"), get("fund:0:得分"), get("total:分值"), get("total:得分")):
            if isinstance(c.value, str):
                out.add(("PX305", c.coordinate))
        if fs is not None and b0 and e0 is not None:
            due = (Decimal(str(fw)) * min(e0 / b0, Decimal(1))).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if abs(Decimal(str(fs)) - due) > Decimal("0.005"):
                out.add(("PX102", an["fund:0:得分"]))
        if fs is not None and not (b0 and e0 is not None) and (fs > fw or fs < 0):
            out.add(("PX111", an["fund:0:得分"]))  # with amounts present it is PX102's finding
        ws_sum = fw + sum(f["w"] or 0 for f in facts.values())
        ss_sum = (fs or 0) + sum(f["s"] or 0 for f in facts.values())
        tw, ts = number(get("total:分值").value), number(get("total:得分").value)
        if abs(ws_sum - 100) > 1e-6:
            out.add(("PX112", an["total:分值"]))
        if abs(tw - ws_sum) > 1e-6:
            out.add(("PX114", an["total:分值"]))
        if abs(ts - ss_sum) > 0.005:
            out.add(("PX114", an["total:得分"]))
        if ts > tw + 1e-9:
            out.add(("PX118", an["total:得分"]))
        starts = sorted((ws[a].row, ws[a]) for k, a in an.items() if k.startswith("l1:"))
        for n, (row, label) in enumerate(starts):
            m = re.search(r"(\d+)\s*分", str(label.value))
            end = starts[n + 1][0] if n + 1 < len(starts) else 10 ** 6
            if m and abs(float(m.group(1)) - sum(f["w"] or 0 for i, f in facts.items()
                                                 if row <= ind(ws, form, i, "三级").row < end)) > 1e-6:
                out.add(("PX113", label.coordinate))
    seen, l2_texts = set(), set()
    for i, f in facts.items():
        name = ind(ws, form, i, "三级")
        l2_texts.add(str(ws.cell(name.row, name.column - 1).value))
        for col in ("年度指标值", "实际完成值") + (("分值", "得分") if scored else ()):
            c = ind(ws, form, i, col)
            if c.value is None:
                out.add(("PX301", c.coordinate))
            elif col in ("分值", "得分") and isinstance(c.value, str):
                out.add(("PX305", c.coordinate))
        if f["ut"] != f["ua"] and not (f["ut"] is None and f["ua"] is None) and f["actual"].value is not None \
                and f["x"] is not None and not (f["ut"] == "%" and f["ua"] == "%"):
            out.add(("PX204", f["actual"].coordinate))
        pct = f["ua"] == "%" or ("率" in str(name.value) and f["ua"] is None)
        if pct and f["actual"].value is not None and quantity(f["actual"])[0] > 100:
            out.add(("PX203", f["actual"].coordinate))
        if f["op"] == ">=" and f["y"] is not None and f["y"] >= 1.3 * f["x"] and not f["reason"]:
            out.add(("PX205", f["actual"].coordinate))
        below = scored and (f["s"] is None or (f["w"] is not None and f["s"] < f["w"]))
        if scored and f["s"] is not None and f["w"] is not None and (f["s"] > f["w"] or f["s"] < 0):
            out.add(("PX111", ind(ws, form, i, "得分").coordinate))
        if scored and f["miss"] and f["s"] is not None and f["s"] == f["w"]:
            out.add(("PX201", ind(ws, form, i, "得分").coordinate))
        if not f["reason"] and (f["miss"] or below):
            out.add(("PX202", ind(ws, form, i, "偏差原因").coordinate))
        if scored and f["miss"] and below and f["s"] is not None and f["y"] is not None and f["op"] != "=":
            if abs(f["s"] - standard(f["x"], f["y"], f["w"], f["op"])) > 0.01:
                out.add(("PX206", ind(ws, form, i, "得分").coordinate))
        key = re.sub(r"\s", "", str(name.value))
        if key in seen:
            out.add(("PX302", name.coordinate))
        seen.add(key)
    labels = " ".join(str(ws[a].value) for k, a in an.items() if k.startswith("l1:")) + " ".join(l2_texts)
    if any(c not in labels for c in ("产出", "效益", "满意度")):
        out.add(("PX303", an["hdr:一级指标"]))
    return out


def table_findings(ws, form) -> set:
    out, an = set(), form["anchors"]
    val = lambda k: number(ws[an[k]].value)
    for k in an:
        if k.startswith("sub:"):
            _, i, col = k.split(":")
            name = "分值" if col == "0" else "得分"
            parts = [val(x) for x in an if x.startswith(f"row:{i}:") and x.endswith(name)]
            if abs(val(k) - sum(parts)) > 0.005:
                out.add(("PX115", an[k]))
        if k.startswith("rate:"):
            rest = k[5:]
            if rest == "total":
                w, s = val("total:分值"), val("total:得分")
            elif form["kind"] == "summary":
                w, s = val(f"w:{rest}"), val(f"s:{rest}")
            elif rest.endswith("sub"):
                w, s = val(f"sub:{rest[:-4]}:0"), val(f"sub:{rest[:-4]}:1")
            else:
                w, s = val(f"row:{rest}:分值"), val(f"row:{rest}:得分")
            true, p = dec(s) / dec(w) * 100, Decimal(str(percent(ws[an[k]])))
            ok = {true.quantize(Decimal("0.01"), ROUND_HALF_UP), true.quantize(Decimal("0.01"), ROUND_DOWN)}
            if not any(abs(p - v) < Decimal("0.000001") for v in ok):
                out.add(("PX116", an[k]))
    if "grade" in an:
        total, word = val("total:得分"), ws[an["grade"]].value
        five = word in ("优秀", "良好", "合格", "基本合格", "不合格")
        scale = ((90, "优秀"), (80, "良好"), (70, "合格"), (60, "基本合格"), (0, "不合格")) if five else \
            ((90, "优"), (80, "良"), (60, "中"), (0, "差"))
        if next(w for bound, w in scale if total >= bound) != word:
            out.add(("PX117", an["grade"]))
    return out


def unit_findings(book, manifest_entry) -> set:
    """PX304 over a workbook: another place than the file's, or a minority value among the forms."""
    place, out, groups = manifest_entry["place"], set(), {}
    assert manifest_entry["file"].startswith(place)
    for f in manifest_entry["forms"]:
        if f["kind"] not in ("project", "department"):
            continue
        for k, a in f["anchors"].items():
            if k in ("field:主管部门", "field:实施单位", "field:预算部门名称") and book[f["sheet"]][a].value:
                v = book[f["sheet"]][a].value
                if set(PLACE.findall(v)) - {place}:
                    out.add((f["sheet"], "PX304", a))
                groups.setdefault(k == "field:主管部门", []).append((f["sheet"], a, v))
    for members in groups.values():
        top = Counter(v for _, _, v in members).most_common()
        out |= {(s, "PX304", a) for s, a, v in members if len(top) > 1 and v != top[0][0]}
    return out
