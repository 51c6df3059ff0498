"""Command line: thin wrappers that parse options and call library functions."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from . import __version__
from .clihelp import FORCE, LANG, PROFILE, VOCAB, Group, bi, reports_errors
from .errors import Terminated, UsageError
from .i18n import msg
from .lint.outputs import FORMATS as REPORT_FORMATS
from .vocabulary import KINDS
from .xlsxio import shown_name


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perfxl", help=bi("显示版本并退出。", "Show the version and exit."))
def main() -> None:
    """perfxl：绩效自评表的生成、检查与汇总。

    perfxl: generate, lint and consolidate 绩效自评表 (budget performance self-evaluation forms)."""
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum, frame):
    raise Terminated()


@main.command(short_help=bi("按名单生成自评表。", "Generate forms from a roster."))
@click.argument("roster", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(),
              help=bi("输出文件夹（按名单）；--blank 时为 .xlsx 文件名。",
                      "Output folder (from a roster); with --blank, the .xlsx file."))
@click.option("--blank", type=click.Choice(KINDS), help=bi("改为生成一张该类型的空白表。",
                                                            "Write an empty form of this kind instead."))
@click.option("--year", type=int, help=bi("空白表上的年度。", "Year shown on a --blank form."))
@click.option("--indicators", type=click.Path(path_type=Path),
              help=bi("ROSTER 为 CSV 时的指标 CSV（默认：旁边的 *_indicators.csv）。",
                      "Indicators CSV when ROSTER is a forms CSV (default: *_indicators.csv beside it)."))
@click.option("--template", "templates", multiple=True, type=click.Path(path_type=Path),
              help=bi("代替默认主模板的模板（带 PX_ 标记的 .xlsx）。",
                      "A master template (.xlsx with perfxl's PX_ markers) to use instead of the default."))
@FORCE
@LANG
@reports_errors
def new(roster, output, blank, year, indicators, templates, force, lang):
    """按名单 ROSTER 生成自评表（每个单位一个工作簿），或用 --blank KIND 生成一张空白表。

    Generate forms from ROSTER (one workbook per unit), or an empty form with --blank KIND."""
    from .generate import generate, generate_blank

    if blank:
        path = generate_blank(blank, output, force, list(templates), year)
        click.echo(msg("blank_done", path=str(path)).render(lang))
        return
    if roster is None:
        raise click.UsageError("ROSTER is required unless --blank is given.")
    result = generate(roster, output, force, list(templates), indicators)
    click.echo(msg("new_done", files=len(result.files), forms=result.forms,
                   outdir=str(output)).render(lang))
    for path in result.files:
        click.echo(f"  {path}")


@main.command(short_help=bi("检查填好的自评表。", "Check completed forms."))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default="text", show_default=True,
              help=bi("报告格式：text 给人看，json/sarif 给其他工具读。",
                      "Report format: " + "; ".join(f"{k}: {v[1]}" for k, v in REPORT_FORMATS.items()) + "."))
@click.option("--select", multiple=True, help=bi("只检查这些规则代码或前缀（PX1、PX102；可用逗号分隔）。",
                                                 "Only these rule codes or prefixes (PX1, PX102; comma-separated)."))
@click.option("--ignore", multiple=True, help=bi("跳过这些规则代码或前缀。", "Skip these rule codes or prefixes."))
@click.option("--scoring", type=click.Choice(["national", "all_or_nothing"]), default=None,
              help=bi("未完成的定量指标的计分方法（PX206）；优先于评分方案中的设定（默认 national）。",
                      "Scoring method for missed quantitative targets (PX206); overrides the profile's "
                      "(national unless the profile says otherwise)."))
@click.option("--annotate", type=click.Path(path_type=Path),
              help=bi("另存一份标注副本：问题单元格着色并加批注（多个文件时为文件夹）。",
                      "Write a copy of the workbook with findings coloured and commented "
                      "(a folder for several files)."))
@click.option("--force", is_flag=True, help=bi("覆盖已有的标注副本。", "Overwrite an existing --annotate output."))
@PROFILE
@VOCAB
@LANG
@reports_errors
def lint(paths, fmt, select, ignore, scoring, annotate, force, profile, vocab, lang):
    """按规则逐格检查填好的绩效自评表（文件或文件夹）。

    Check completed 绩效自评表 workbooks (files or folders) against the rule catalog."""
    from .lint import lint_paths
    from .lint.outputs import write_report
    from .lint.settings import for_run, profile_for_run, suppressions_for_run

    codes = lambda opts: [c.strip() for o in opts for c in o.split(",") if c.strip()]
    from .rules import check_codes

    check_codes("--select", codes(select))  # misuse is reported before any copy's place is checked
    check_codes("--ignore", codes(ignore))
    pairs = None
    if annotate:  # the copies' places are checked before the linting, not after it
        from .lint import expand
        from .lint.annotate import targets

        pairs = targets(expand(list(paths)), annotate, force)
    words, chosen = for_run(list(paths), vocab), profile_for_run(list(paths), profile, vocab)
    accepted = suppressions_for_run(list(paths), vocab)
    report = lint_paths(list(paths), codes(select), codes(ignore), scoring, vocab=words, profile=chosen,
                        suppress=accepted)
    write_report(report, fmt, lang)
    if pairs:
        _annotate(pairs, report, lang)
    sys.exit(report.exit_code)


def _annotate(pairs, report, lang: str) -> None:
    from .lint.annotate import annotate_all
    from .xlsxio import shown_name

    for target, failure in annotate_all(pairs, report, lang):
        click.echo(failure or msg("annotated", path=shown_name(target)).render(lang), err=True)


@main.command(short_help=bi("按算术改正一份副本。", "Write a copy corrected where arithmetic decides."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=bi("要写出的修正副本（与 FILE 同类：.xlsx 或 .xlsm）；FILE 不会被改动。",
                      "The corrected copy to write (same kind as FILE: .xlsx or .xlsm); FILE is never changed."))
@click.option("--dry-run", is_flag=True, help=bi("只列出修改，不写文件。", "Show the changes only; write nothing."))
@click.option("--force", is_flag=True, help=bi("覆盖已有的副本。", "Overwrite an existing copy."))
@click.option("--scoring", type=click.Choice(["national", "all_or_nothing"]), default="national",
              show_default=True, help=bi("未完成的定量指标的计分方法（PX206）。",
                                         "Scoring method for missed quantitative targets (PX206)."))
@VOCAB
@LANG
@reports_errors
def fix(file, output, dry_run, force, scoring, vocab, lang):
    """写出 FILE 的修正副本（只改算术能确定的），列出每处修改和需人工处理的问题。
    Write a corrected copy of FILE where arithmetic decides; list each change and what needs a person."""
    from .fix.report import fix_command
    from .lint.settings import for_run

    if output is None and not dry_run:
        raise click.UsageError("-o COPY is required unless --dry-run is given.")
    lines, code = fix_command(file, None if dry_run else output, force, scoring, for_run([file], vocab), lang)
    for line in lines:
        click.echo(line)
    sys.exit(code)


@main.command(short_help=bi("把各单位的表汇总为一个工作簿。", "Roll units' forms into one summary."))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(),
              help=bi("要写出的汇总工作簿，须以 .xlsx 结尾。", "The summary workbook to write; must end in .xlsx."))
@click.option("--roster", type=click.Path(path_type=Path),
              help=bi("perfxl new 的名单：列出应交未交、交了但不在名单中的表。",
                      "The roster of `perfxl new`: list forms expected but not received, and the reverse."))
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "parquet"]), default="xlsx", show_default=True,
              help=bi("另在汇总工作簿旁写出 CSV 或 Parquet 表。",
                      "Also write the tables as CSV or Parquet files beside the workbook."))
@click.option("--year", type=click.IntRange(1990, 2100),
              help=bi("只汇总该年度的表，其他年度的不计入。",
                      "Count only the forms of this year (年度); the others are left out of the summary."))
@click.option("--sort", type=click.Choice(["unit", "score", "rate"]), default="unit", show_default=True,
              help=bi("按县区的排序：unit（有 --roster 时按名单顺序，否则按名称）、score、rate。",
                      "Order of 按县区: unit (the roster's order with --roster, else by name), score, rate."))
@click.option("--feedback", type=click.Path(path_type=Path),
              help=bi("另为每个单位写出一个反馈文件夹：反馈表和标注副本。",
                      "Also write, for each unit, a folder to send back: its feedback workbook and annotated copies."))
@FORCE
@PROFILE
@VOCAB
@LANG
@reports_errors
def consolidate(paths, output, roster, fmt, year, sort, feedback, force, profile, vocab, lang):
    """把各单位的工作簿（文件或文件夹，逐层查找）汇总为一个汇总工作簿。

    Roll many units' workbooks (files or folders, searched recursively) into one summary."""
    from .consolidate.run import consolidate as run
    from .lint.report import unused_text
    from .lint.settings import for_run, profile_for_run, suppressions_for_run

    words, chosen = for_run(list(paths), vocab), profile_for_run(list(paths), profile, vocab)
    accepted = suppressions_for_run(list(paths), vocab)  # as lint applies them
    done = run(list(paths), output, force, roster, fmt, lang, vocab=words, year=year,
               sort=sort, feedback=feedback, profile=chosen, suppress=accepted, keep_findings=False)
    s = done.report.summary()
    click.echo(msg("consolidated", files=s["files"], forms=done.forms, errors=s["errors"],
                   warnings=s["warnings"], output=str(output)).render(lang))
    if year is not None and done.other_years > done.no_year:
        click.echo(msg("other_years", n=done.other_years - done.no_year, year=year).render(lang), err=True)
    if year is not None and done.no_year:
        click.echo(msg("no_year", n=done.no_year, year=year).render(lang), err=True)
    if feedback is not None:
        for path, why in done.feedback:
            if why:
                click.echo(msg("feedback_copy_failed", path=shown_name(path), why=why).render(lang), err=True)
        click.echo(msg("feedback_done", units=done.feedback_units, folder=str(feedback)).render(lang))
    unused = done.report.unused_suppressions()
    if unused:  # as lint lists them: a comment or a perfxl.toml entry that matched nothing
        click.echo(msg("suppress_unused_head").render(lang), err=True)
        sep = ": " if lang == "en" else "："
        for u in unused:
            click.echo(f"  {u['path'] + sep if u.get('path') else ''}{unused_text(u, lang)}", err=True)
    bad = [f for f in done.report.files if f.error]
    if bad:
        click.echo(msg("unreadable", n=len(bad)).render(lang), err=True)
        for f in bad:
            click.echo(f"  {f.error.message(lang)}", err=True)
    sys.exit(done.report.exit_code)


@main.command("excel-addin", short_help=bi("写出 Excel 加载项。", "Write the Excel add-in."))
@click.option("-o", "--output", required=True, type=click.Path(),
              help=bi("写出套件的文件夹（不存在则新建）。",
                      "Folder to write the kit into (made if missing): perfxl_check.xlsm, perfxl_check.py, "
                      "wheels/, install.bat; with --lite the xlwings Lite kit."))
@click.option("--lite", is_flag=True,
              help=bi("写出 xlwings Lite 套件。",
                      "Write the xlwings Lite kit: main.py, requirements.txt, personal/perfxl."))
@click.option("--wheelhouse", type=click.Path(path_type=Path),
              help=bi("从这个文件夹取 Windows 安装包，不联网（如以前生成的套件的 wheels 文件夹）。",
                      "Take the Windows wheels from this folder, offline (e.g. an earlier kit's wheels folder)."))
@click.option("--wheel", type=click.Path(path_type=Path),
              help=bi("放进套件的 perfxl wheel（默认从源码构建；安装版取 --wheelhouse 里同版本的）。",
                      "perfxl's wheel for the kit (default: built from the source tree; an installed perfxl takes "
                      "its version's from --wheelhouse)."))
@click.option("--python", "pythons", multiple=True, metavar="3.X",
              help=bi("套件支持的 Python 版本，可多次给出（默认 3.11、3.12、3.13）。",
                      "A CPython version the kit covers; repeatable (default 3.11, 3.12, 3.13)."))
@click.option("--no-wheels", is_flag=True,
              help=bi("只写 perfxl_check.xlsm 和 .py（本机已装好 perfxl 和 xlwings 时）。",
                      "Write only perfxl_check.xlsm and .py (for a computer with perfxl and xlwings installed)."))
@FORCE
@LANG
@reports_errors
def excel_addin(output, lite, wheelhouse, wheel, pythons, no_wheels, force, lang):
    """写出 Excel 加载项：经典 xlwings 的离线安装套件（perfxl_check.xlsm、Windows 安装包、
    install.bat），或 xlwings Lite 套件。

    Write the Excel add-in: the classic xlwings kit (perfxl_check.xlsm, Windows wheels, install.bat, offline), or the
    xlwings Lite kit."""
    if (lite or no_wheels) and (wheelhouse or wheel or pythons):
        raise UsageError(msg("addin_wheel_options"))
    if lite:
        from .excel.kit import write_lite_kit

        click.echo(str(write_lite_kit(output, force)))
    elif no_wheels:
        from .excel.addin import write_addin

        click.echo(str(write_addin(output, force)))
    else:
        from .excel.winkit import write_kit

        click.echo(str(write_kit(output, force, lang, wheel, wheelhouse, pythons,
                                 starting=lambda: click.echo(msg("addin_wheels").render(lang), err=True))))


@main.command(short_help=bi("列出规则，或解释一条规则。", "List the rules, or explain one."))
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help=bi("以 Markdown 输出规则表（docs/rules.md）。",
                                                  "Print the catalog as Markdown (docs/rules.md)."))
@LANG
@reports_errors
def rules(code, markdown, lang):
    """列出全部规则，或解释一条规则（perfxl rules PX102：问题、级别、怎么改）。

    List the rule catalog, or explain one rule (perfxl rules PX102 --lang en)."""
    from .rules.docs import catalog_lines, explain
    from .rules.docs import markdown as as_markdown

    if markdown:
        click.echo(as_markdown(), nl=False)
    elif code:
        text = explain(code, lang)
        if text is None:
            raise UsageError(msg("unknown_rule", code=code))
        click.echo(text)
    else:
        for line in catalog_lines(lang):
            click.echo(line)


@main.command(short_help=bi("列出评分方案（各省）。", "List the scoring profiles."))
@click.argument("name", required=False)
@LANG
@reports_errors
def profiles(name, lang):
    """列出评分方案（名称、来源、主要取值），或显示其中一个（perfxl profiles 四川，或一个 .toml 文件）。

    List the scoring profiles (name, source, key values), or show one (perfxl profiles 四川, or a .toml file)."""
    from .profiles import builtin, resolve
    from .profiles.show import describe, summary_line

    if name:
        click.echo(describe(resolve(name), lang))
        return
    for profile_name in builtin():
        click.echo(summary_line(resolve(profile_name), lang))


@main.command(short_help=bi("在浏览器中使用（检查、生成、收表与汇总）。", "Serve the browser pages."))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=bi("监听地址；非本机地址须设主管密码。",
                      "Address to serve on; any but the loopback needs an officer password."))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help=bi("端口（0：任一空闲端口）。", "Port (0: any free one)."))
@click.option("--data", type=click.Path(path_type=Path), default=Path("perfxl-data"), show_default=True,
              help=bi("收表数据和 SQLite 数据库所在文件夹。",
                      "Folder of the collection point's submissions and its SQLite database."))
@click.option("--password-file", type=click.Path(path_type=Path),
              help=bi("第一行为主管密码的文件（或设环境变量 PERFXL_PASSWORD）。",
                      "File whose first line is the officer password (or set PERFXL_PASSWORD)."))
@click.option("--max-upload-mb", type=int, default=20, show_default=True,
              help=bi("单个上传文件的大小上限。", "Largest file accepted."))
@click.option("--allow-host", "allow_hosts", multiple=True,
              help=bi("页面可用的其他主机名（Host 头），如局域网域名。",
                      "Another name the pages may be reached by (the Host header), e.g. a DNS name on the LAN."))
@click.option("--no-browser", is_flag=True, help=bi("不自动打开浏览器。", "Do not open the page in the browser."))
@LANG
@reports_errors
def serve(host, port, data, password_file, max_upload_mb, allow_hosts, no_browser, lang):
    """在浏览器中使用：检查、生成，以及主管部门的收表与汇总。

    Serve the browser pages: check, generate, and the bureau's collection point (收表与汇总)."""
    from .web.server import serve as run

    run(host, port, data, password_file, max_upload_mb, open_browser=not no_browser, lang=lang,
        allow_hosts=allow_hosts)


@main.command(short_help=bi("写出默认主模板。", "Write the default master templates."))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("workbook_templates"),
              show_default=True, help=bi("写出主模板的文件夹（相对当前目录）。",
                                         "Folder to write the default masters to (relative to where you are)."))
@click.option("--force", is_flag=True,
              help=bi("覆盖文件夹中已有的主模板。", "Overwrite masters already in the folder."))
@LANG
@reports_errors
def templates(output, force, lang):
    """写出 perfxl 的默认主模板（以便在 Excel 中改样式）；已有的不覆盖，除非加 --force。

    Write perfxl's default master templates (to restyle them in Excel); existing ones only with --force."""
    from .template.masters import write_default_masters

    for path in write_default_masters(output, force):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
