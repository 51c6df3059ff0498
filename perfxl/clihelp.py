"""The command line's shared parts: bilingual help, the common options, errors as messages."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED, PerfxlError, Terminated
from .i18n import msg
from .xlsxio import shown_name


def bi(zh: str, en: str) -> str:
    """A help text in both languages, Chinese first (--help is read before any --lang); one line,
    as click wraps it (a blank line between the two doubled every option's height)."""
    return f"{zh} {en}"


def _bilingual_help(base):
    def get_help_option(self, ctx):
        option = base.get_help_option(self, ctx)
        if option is not None:
            option.help = bi("显示本帮助并退出。", "Show this message and exit.")
        return option

    return get_help_option


class Command(click.Command):
    """A command whose own --help option is described in both languages too."""

    get_help_option = _bilingual_help(click.Command)


class Group(click.Group):
    """perfxl's group: its commands are Commands."""

    command_class = Command
    get_help_option = _bilingual_help(click.Group)


VOCAB = click.option("--vocab", type=click.Path(path_type=Path),
                     help=bi("本单位的表样用语（docs/vocabulary.md）；默认为输入旁的 perfxl.toml。",
                             "A bureau's own wording (docs/vocabulary.md); default: perfxl.toml beside the inputs."))
PROFILE = click.option("--profile", metavar="NAME|FILE",
                       help=bi("评分方案：省份名称（perfxl profiles 可列出）或一个 .toml 文件；"
                               "默认取输入旁 perfxl.toml 的 [profile]，否则为全国通用方案。",
                               "Scoring profile: a province's name (perfxl profiles lists them) or a .toml file; "
                               "default: [profile] in perfxl.toml beside the inputs, else national."))
LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help=bi("消息语言。", "Language of messages."))
FORCE = click.option("--force", is_flag=True, help=bi("覆盖已有的输出文件。", "Overwrite existing output files."))


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
