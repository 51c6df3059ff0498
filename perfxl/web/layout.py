"""The pages' frame: escaping, the shared header and navigation, tables, and the one stylesheet."""

from __future__ import annotations

import html

from ..i18n import msg

STYLE = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimSun", sans-serif;
       font-size: 18px; line-height: 1.6; margin: 0; color: #1a1a1a; background: #f4f4f0; }
header { background: #9e1b1b; color: #fff; padding: 12px 32px; display: flex; align-items: center; gap: 32px; }
header .name { font-size: 24px; font-weight: bold; letter-spacing: 2px; }
header nav a { color: #fff; font-size: 20px; margin-right: 24px; text-decoration: none; }
header nav a.here { border-bottom: 3px solid #ffd24d; }
header form { margin-left: auto; }
header button { background: #fff; color: #9e1b1b; border: 0; font-size: 16px; padding: 4px 12px; }
main { max-width: 1200px; margin: 24px auto; background: #fff; padding: 24px 40px; border: 1px solid #ccc; }
h1 { font-size: 28px; border-bottom: 2px solid #9e1b1b; padding-bottom: 8px; }
h2 { font-size: 22px; margin-top: 32px; }
h3 { font-size: 20px; margin-bottom: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid #999; padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: #eee; white-space: nowrap; }
td:first-child, td.num, td span.error, td span.warning, td span.clean, td span.missing { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: #b00000; font-weight: bold; }
.warning { color: #8a5a00; font-weight: bold; }
.clean { color: #1d6b1d; font-weight: bold; }
.missing { color: #666; }
.notice { background: #fff4d6; border: 1px solid #e0b84d; padding: 10px 16px; }
.problem { background: #fde8e8; border: 1px solid #d08080; padding: 10px 16px; }
.drop { display: block; border: 3px dashed #9e1b1b; padding: 40px; text-align: center; font-size: 22px;
        background: #fbf7f7; margin: 12px 0; }
.drop input { font-size: 18px; margin-top: 12px; }
button.main, a.button { background: #9e1b1b; color: #fff; border: 0; font-size: 20px; padding: 10px 28px;
                        text-decoration: none; display: inline-block; cursor: pointer; }
input[type=text], input[type=password] { font-size: 18px; padding: 6px; width: 24em; }
progress { width: 100%; height: 28px; }
.cards { display: flex; gap: 24px; }
.cards a { flex: 1; border: 2px solid #9e1b1b; padding: 24px; text-decoration: none; color: #1a1a1a; }
.cards b { font-size: 24px; color: #9e1b1b; display: block; }
code.link { font-size: 15px; word-break: break-all; }
"""


class Raw(str):
    """Markup made here, not to be escaped again; every other value is escaped when written."""


def e(value) -> Raw:
    if isinstance(value, Raw):
        return value
    return Raw(html.escape("" if value is None else str(value), quote=True))


def t(lang: str, key: str, **params) -> str:
    """A message of the catalog (perfxl/i18n.py) in the page's language (plain text, escape on use)."""
    return msg(key, **params).render(lang)


def table(head: list, rows: list[list], numeric: set[int] = frozenset(), cls: str = "") -> Raw:
    out = [f'<table class="{e(cls)}"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="num">{e(c)}</td>' if i in numeric else f"<td>{e(c)}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    return Raw("".join(out) + "</tbody></table>")


def hidden_csrf(csrf: str) -> Raw:
    return Raw(f'<input type="hidden" name="csrf" value="{e(csrf)}">')


NAV = [("/check", "web_nav_check"), ("/generate", "web_nav_generate"), ("/collect", "web_nav_collect")]


def page(req, title: str, body: str, refresh: int | None = None, nav: bool = True) -> Raw:
    """A whole page: header with the tool's name, the officer's navigation, the language switch."""
    lang = req.lang
    links = "".join(f'<a href="{href}" class="{"here" if req.path.startswith(href) else ""}">{e(t(lang, key))}</a>'
                    for href, key in NAV) if nav and req.officer else ""
    other = "en" if lang == "zh" else "zh"
    switch = (f'<form method="post" action="/lang">{hidden_csrf(req.session.csrf)}'
              f'<input type="hidden" name="to" value="{other}"><input type="hidden" name="next" value="{e(req.path)}">'
              f'<button type="submit" id="lang">{"English" if other == "en" else "中文"}</button></form>')
    meta = f'<meta http-equiv="refresh" content="{int(refresh)}">' if refresh else ""
    return Raw(f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">{meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} - perfxl</title><link rel="stylesheet" href="/static/style.css"></head>
<body><header><span class="name">{e(t(lang, "web_title"))}</span><nav>{links}</nav>{switch}</header>
<main><h1>{e(title)}</h1>
{body}
</main></body></html>""")


def problems_table(lang: str, problems, shown_path: str | None = None) -> Raw:
    """Messages of a PerfxlError as a table: sheet, row, column, cell where a message names them
    (the roster's checks do), the message itself with the server's file name replaced by the user's."""
    rows = []
    for m in problems:
        params = dict(m.params)
        if shown_path is not None and "path" in params:
            params["path"] = shown_path
        text = type(m)(m.key, params).render(lang)
        rows.append([params.get("sheet", ""), params.get("row", ""), params.get("column", ""),
                     params.get("cell", ""), text])
    head = [t(lang, "web_col_sheet"), t(lang, "web_col_row"), t(lang, "web_col_column"), t(lang, "web_col_cell"),
            t(lang, "web_col_problem")]
    return table(head, rows, cls="problems")


def error_text(lang: str, error, shown_path: str | None = None) -> str:
    """A failure as one text: a PerfxlError's messages or a single message."""
    messages = getattr(error, "messages", None)
    if messages is None:
        return error.render(lang)
    parts = []
    for m in messages:
        params = dict(m.params)
        if shown_path is not None and "path" in params:
            params["path"] = shown_path
        parts.append(type(m)(m.key, params).render(lang))
    return "；".join(parts) if lang == "zh" else "; ".join(parts)
