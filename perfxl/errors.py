"""Exception hierarchy and exit statuses shared by the CLI and the library."""

from __future__ import annotations

from .i18n import Msg

# Exit statuses are a contract (docs/json.md): other tools read them.
EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130   # Ctrl-C (SIGINT), as shells report it: 128 + the signal's number
EXIT_TERMINATED = 143    # SIGTERM


class PerfxlError(Exception):
    """Base of every error perfxl reports to a user as a message, never a traceback."""

    exit_code = EXIT_ERROR

    def __init__(self, *messages: Msg, header: Msg | None = None):
        self.messages = list(messages)
        self.header = header
        super().__init__(self.render("zh"))

    def __reduce__(self):
        # pickled by its messages (a worker process sends it to the parent), not by its text
        return _rebuild, (type(self), tuple(self.messages), self.header)

    def render(self, lang: str = "zh") -> str:
        lines = [m.render(lang) for m in self.messages]
        if self.header is not None:
            lines.insert(0, self.header.render(lang))
            lines[1:] = ["  " + line for line in lines[1:]]
        return "\n".join(lines)


def _rebuild(cls, messages, header):
    return cls(*messages, header=header)


class InputError(PerfxlError):
    """An input file is missing, unreadable or malformed."""


class RosterError(InputError):
    """A roster has problems; carries every problem found, not just the first."""


class TemplateError(InputError):
    """A master template lacks the markers perfxl needs."""


class UsageError(PerfxlError):
    """The command was misused: an option's value names nothing (an unknown rule code, a folder
    with no workbook, an output of the wrong kind). Exit status 2, as click's own usage errors."""


class OutputError(PerfxlError):
    """An output cannot be written: its folder, the disk, or another run holding it. Raised in a
    worker it ends the run (guard.py): it is no fault of the file being read."""


class OutputExistsError(PerfxlError):
    """An output file exists and --force was not given, or would overwrite an input."""


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so every cleanup on the way runs (workers, spool,
    temporary files), without being caught by handlers meant for errors."""
