"""`perfxl profiles`: a profile in a line (the list) or in full (one), in Chinese or English."""

from __future__ import annotations

from . import Profile

PARTS_EN = {"funding": "funding", "产出": "产出 (outputs)", "成本": "成本 (costs)", "效益": "效益 (benefits)",
            "满意度": "满意度 (satisfaction)", "指标": "indicators together"}


def _scheme(scheme) -> str:
    return " + ".join(f"{'资金' if part == 'funding' else part}{points:g}" for part, points in scheme.weights)


def summary_line(p: Profile, lang: str = "zh") -> str:
    """name  method, thresholds, the first weight scheme, the first source's address."""
    url = next((u for u, _ in p.sources if u), "")
    schemes = "；".join(_scheme(s) for s in p.schemes) or "—"
    if lang == "en":
        return (f"{p.name}\tmethod {p.method}, PX105 {p.execution:.0%}, PX106 {p.budget_change:.0%}, "
                f"PX205 {p.far:.0%}, grades {p.grade_scale}; weights {schemes}; source {url or '(see the file)'}")
    return (f"{p.name}\t计分 {p.method}，PX105 执行率 {p.execution:.0%}，PX106 调整 {p.budget_change:.0%}，"
            f"PX205 超额 {p.far:.0%}，等级 {p.grade_scale}；分值 {schemes}；来源 {url or '（见方案文件）'}")


def describe(p: Profile, lang: str = "zh") -> str:
    """Every choice of a profile, its weight schemes and its sources (what in each shows the choice)."""
    en = lang == "en"
    lines = [f"{p.name}  {p.title}".rstrip(), f"{'file' if en else '文件'}: {p.path}",
             f"{'method (PX206)' if en else '计分方法（PX206）'}: {p.method}",
             f"{'grade scale' if en else '等级'}: {p.grade_scale}",
             f"PX105 {'execution threshold' if en else '执行率低于此值须说明原因'}: {p.execution:.0%}",
             f"PX106 {'budget change share' if en else '预算调整超过此比例须说明原因'}: {p.budget_change:.0%}",
             f"PX205 {'far above target at' if en else '实际达到目标的此比例以上须说明'}: {p.far:.0%}",
             f"{'weight schemes (PX119)' if en else '一级指标分值方案（PX119）'}:"]
    for s in p.schemes:
        lines.append(f"  - {s.name or _scheme(s)}: " + ", ".join(
            f"{PARTS_EN.get(part, part) if en else ('资金' if part == 'funding' else part)} {points:g}"
            for part, points in s.weights))
    lines.append(f"{'sources' if en else '来源'}:")
    for url, shows in p.sources:
        lines.append(f"  - {url or ('(no address)' if en else '（无网址）')}")
        lines.append(f"    {shows}")
    return "\n".join(lines)
