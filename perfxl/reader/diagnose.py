"""Why no form was recognised: what the reader found in a workbook and what it looked for."""

from __future__ import annotations

from .. import vocabulary as V
from .fields import read_fields
from .grid import Grid
from .indicators import header_roles
from .money import find_fund_header

ROLE_WORDS, FIELD_WORDS = V.COLUMN_NAMES, V.FIELD_NAMES


def _best_header(grid: Grid) -> dict | None:
    """The row that looks most like an indicator header (most column roles), if any has two."""
    best: dict = {}
    for r in range(1, grid.n_rows + 1):
        joined = grid.row_joined(r)
        if "指标" not in joined and "分值" not in joined and "得分" not in joined:
            continue
        roles = header_roles(grid, r)
        if len(roles) > len(best):
            best = roles
    return best if len(best) >= 2 else None


def diagnose(grids: list[Grid]) -> tuple[str, str]:
    """(Chinese, English) account of what was found and what was missing, for PX002."""
    found_zh, found_en = [], []
    header = None
    named: list[str] = []
    for grid in grids:
        if grid.hidden:
            continue
        money = find_fund_header(grid, 1, grid.n_rows)
        if money is not None and not found_zh:
            heads = [t for _, t in grid.row_texts(money) if any(w in t for w, _ in V.FUND_COLUMNS)]
            found_zh.append(f"工作表“{grid.name}”有项目资金（{'、'.join(heads[:4])}）")
            found_en.append(f"sheet '{grid.name}' has a money block ({', '.join(heads[:4])})")
        named += [FIELD_WORDS[k] for k in read_fields(grid, 1, min(grid.n_rows, 12))
                  if k in FIELD_WORDS and FIELD_WORDS[k] not in named]
        header = header or _best_header(grid)
    if named:
        found_zh.append(f"有{'、'.join(named)}")
        found_en.append(f"has {', '.join(named)}")
    if header is not None:
        have = [ROLE_WORDS[k] for k in ROLE_WORDS if k in header]
        lack = [ROLE_WORDS[k] for k in ("level3", "target", "actual") if k not in header]
        found_zh.append(f"疑似指标表表头有{'、'.join(have)}，缺{'、'.join(lack) or '一级指标与二级指标'}")
        found_en.append(f"a likely indicator header has {', '.join(have)} but lacks "
                        f"{', '.join(lack) or '一级指标 and 二级指标'}")
    looked_zh = "需要含“一级指标”与“二级指标/三级指标”的表头，或“三级指标”与年度指标值、实际完成值等列"
    looked_en = "looked for a header with 一级指标 + 二级/三级指标, or 三级指标 with 年度指标值 and 实际完成值 columns"
    hint_zh, hint_en = "本单位用词不同时可写入 perfxl.toml（见 docs/vocabulary.md）", \
        "add your own wording in perfxl.toml (docs/vocabulary.md)"
    zh = "；".join([*(found_zh or ["未找到项目资金或指标表"]), looked_zh, hint_zh])
    en = "; ".join([*(found_en or ["no money block or indicator table found"]), looked_en, hint_en])
    return zh, en
