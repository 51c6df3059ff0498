"""Command line: thin wrappers that parse options and call library functions."""

from __future__ import annotations

import functools
import signal
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED, PerfxlError, Terminated
from .i18n import msg
from .lint.outputs import FORMATS as REPORT_FORMATS
from .vocabulary import KINDS
from .xlsxio import shown_name

VOCAB = click.option("--vocab", type=click.Path(path_type=Path),
                     help="A bureau's own wording (docs/vocabulary.md); default: perfxl.toml beside the inputs.")
PROFILE = click.option("--profile", metavar="NAME|FILE",
                       help="Scoring profile: a province's name (perfxl profiles lists them) or a .toml file; "
                            "default: [profile] in perfxl.toml beside the inputs, else national.")
LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help="Language of messages (中文/English).")


def reports_errors(command):
    """Turn perfxl's errors into messages, and any bug into one line: never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        lang = kwargs.get("lang", "zh")
        try:
            return command(*args, **kwargs)
        except PerfxlError as exc:
            click.echo(shown_name(exc.render(lang)), err=True)  # a file name that is not UTF-8 shows �
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(msg("interrupted").render(lang), err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo(msg("terminated").render(lang), err=True)
            sys.exit(EXIT_TERMINATED)
        except BrokenPipeError:  # `perfxl lint … | head`: the reader left; nothing to report
            sys.stderr.close()
            sys.exit(EXIT_ERROR)
        except Exception as exc:
            text = (f"perfxl internal error: {type(exc).__name__}: {exc}" if lang == "en" else
                    f"perfxl 内部错误：{type(exc).__name__}: {exc}（请将此信息反馈给开发者）")
            click.echo(text, err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perfxl")
def main() -> None:
    """perfxl：绩效自评表的生成、检查与汇总 (generate, lint and consolidate 绩效自评表)."""
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum, frame):
    raise Terminated()


@main.command()
@click.argument("roster", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Output folder (from a roster) or file (with --blank).")
@click.option("--blank", type=click.Choice(KINDS), help="Write an empty form of this kind instead.")
@click.option("--year", type=int, help="Year shown on a --blank form.")
@click.option("--indicators", type=click.Path(path_type=Path),
              help="Indicators CSV when ROSTER is a forms CSV (default: *_indicators.csv beside it).")
@click.option("--template", "templates", multiple=True, type=click.Path(path_type=Path),
              help="A master template (.xlsx with perfxl's PX_ markers) to use instead of the default.")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@LANG
@reports_errors
def new(roster, output, blank, year, indicators, templates, force, lang):
    """Generate forms from ROSTER (one workbook per unit), or an empty form with --blank KIND."""
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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default="text",
              show_default=True, help="Report format: " + "; ".join(f"{k}: {v[1]}" for k, v in REPORT_FORMATS.items()))
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (PX1, PX102; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes.")
@click.option("--scoring", type=click.Choice(["national", "all_or_nothing"]), default=None,
              help="Scoring method for missed quantitative targets (PX206); overrides the profile's "
                   "(national unless the profile says otherwise).")
@click.option("--annotate", type=click.Path(path_type=Path),
              help="Write a copy of the workbook with findings coloured and commented (a folder for several files).")
@click.option("--force", is_flag=True, help="Overwrite an existing --annotate output.")
@PROFILE
@VOCAB
@LANG
@reports_errors
def lint(paths, fmt, select, ignore, scoring, annotate, force, profile, vocab, lang):
    """Check completed 绩效自评表 workbooks (files or folders) against the rule catalog."""
    from .lint import lint_paths
    from .lint.outputs import write_report
    from .lint.settings import for_run, profile_for_run

    codes = lambda opts: [c.strip() for o in opts for c in o.split(",") if c.strip()]
    pairs = None
    if annotate:  # the copies' places are checked before the linting, not after it
        from .lint import expand
        from .lint.annotate import targets

        pairs = targets(expand(list(paths)), annotate, force)
    words, chosen = for_run(list(paths), vocab), profile_for_run(list(paths), profile, vocab)
    report = lint_paths(list(paths), codes(select), codes(ignore), scoring, vocab=words, profile=chosen)
    write_report(report, fmt, lang)
    if pairs:
        _annotate(pairs, report, lang)
    sys.exit(report.exit_code)


def _annotate(pairs, report, lang: str) -> None:
    from .lint.annotate import annotate_all
    from .xlsxio import shown_name

    for target, failure in annotate_all(pairs, report, lang):
        click.echo(failure or msg("annotated", path=shown_name(target)).render(lang), err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="The summary workbook to write (.xlsx).")
@click.option("--roster", type=click.Path(path_type=Path),
              help="The roster of `perfxl new`: list forms expected but not received, and the reverse.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "parquet"]), default="xlsx",
              show_default=True, help="Also write the tables as CSV or Parquet files beside the workbook.")
@click.option("--year", type=click.IntRange(1990, 2100),
              help="Count only the forms of this year (年度); the others are left out of the summary.")
@click.option("--sort", type=click.Choice(["unit", "score", "rate"]), default="unit", show_default=True,
              help="Order of 按县区: unit (the roster's order with --roster, else by name), score, rate.")
@click.option("--feedback", type=click.Path(path_type=Path),
              help="Also write, for each unit, a folder to send back: its feedback workbook and annotated copies.")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@PROFILE
@VOCAB
@LANG
@reports_errors
def consolidate(paths, output, roster, fmt, year, sort, feedback, force, profile, vocab, lang):
    """Roll many units' workbooks (files or folders, searched recursively) into one summary."""
    from .consolidate.run import consolidate as run
    from .lint.settings import for_run, profile_for_run

    words, chosen = for_run(list(paths), vocab), profile_for_run(list(paths), profile, vocab)
    done = run(list(paths), output, force, roster, fmt, lang, vocab=words, year=year,
               sort=sort, feedback=feedback, profile=chosen)
    s = done.report.summary()
    click.echo(msg("consolidated", files=s["files"], forms=len(done.tables.summary), errors=s["errors"],
                   warnings=s["warnings"], output=str(output)).render(lang))
    if year is not None and done.other_years:
        click.echo(msg("other_years", n=done.other_years, year=year).render(lang), err=True)
    if feedback is not None:
        for path, why in done.feedback:
            if why:
                click.echo(msg("feedback_copy_failed", path=shown_name(path), why=why).render(lang), err=True)
        click.echo(msg("feedback_done", units=done.feedback_units, folder=str(feedback)).render(lang))
    bad = [f for f in done.report.files if f.error]
    if bad:
        click.echo(msg("unreadable", n=len(bad)).render(lang), err=True)
        for f in bad:
            click.echo(f"  {f.error.message(lang)}", err=True)
    sys.exit(done.report.exit_code)


@main.command("excel-addin")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Folder to write perfxl_check.xlsm and perfxl_check.py (with --lite: the xlwings Lite kit).")
@click.option("--lite", is_flag=True, help="Write the xlwings Lite kit: main.py, requirements.txt, personal/perfxl.")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@LANG
@reports_errors
def excel_addin(output, lite, force, lang):
    """Write the Excel add-in: perfxl_check.xlsm with a 运行 button (classic xlwings), or the xlwings Lite kit."""
    if lite:
        from .excel.kit import write_lite_kit

        click.echo(str(write_lite_kit(output, force)))
    else:
        from .excel.addin import write_addin

        click.echo(str(write_addin(output, force)))


@main.command()
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the catalog as Markdown (docs/rules.md).")
@LANG
@reports_errors
def rules(code, markdown, lang):
    """List the rule catalog, or explain one rule (perfxl rules PX102)."""
    from .rules.docs import catalog_lines, explain
    from .rules.docs import markdown as as_markdown

    if markdown:
        click.echo(as_markdown(), nl=False)
    elif code:
        text = explain(code, lang)
        if text is None:
            raise click.BadParameter(f"unknown rule {code}", param_hint="CODE")
        click.echo(text)
    else:
        for line in catalog_lines(lang):
            click.echo(line)


@main.command()
@click.argument("name", required=False)
@LANG
@reports_errors
def profiles(name, lang):
    """List the scoring profiles (name, source, key values), or show one (perfxl profiles 四川, or a .toml file)."""
    from .profiles import builtin, resolve
    from .profiles.show import describe, summary_line

    if name:
        click.echo(describe(resolve(name), lang))
        return
    for profile_name in builtin():
        click.echo(summary_line(resolve(profile_name), lang))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on; any but the loopback needs an officer password.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--data", type=click.Path(path_type=Path), default=Path("perfxl-data"), show_default=True,
              help="Folder of the collection point's submissions and its SQLite database.")
@click.option("--password-file", type=click.Path(path_type=Path),
              help="File whose first line is the officer password (or set PERFXL_PASSWORD).")
@click.option("--max-upload-mb", type=int, default=20, show_default=True, help="Largest file accepted.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Another name the pages may be reached by (the Host header), e.g. a DNS name on the LAN.")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the browser.")
@LANG
@reports_errors
def serve(host, port, data, password_file, max_upload_mb, allow_hosts, no_browser, lang):
    """Serve the browser pages: check, generate, and the bureau's collection point (收表与汇总)."""
    from .web.server import serve as run

    run(host, port, data, password_file, max_upload_mb, open_browser=not no_browser, lang=lang,
        allow_hosts=allow_hosts)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("workbook_templates"),
              show_default=True, help="Folder to write the default masters to (relative to where you are).")
@click.option("--force", is_flag=True, help="Overwrite masters already in the folder.")
@LANG
@reports_errors
def templates(output, force, lang):
    """Write perfxl's default master templates (to restyle them in Excel)."""
    from .template.masters import write_default_masters

    for path in write_default_masters(output, force):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
