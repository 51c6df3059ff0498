"""What `perfxl fix` tells the terminal: each change, what is left for a person, where the copy went."""

from __future__ import annotations

from pathlib import Path

from ..atomic import check_writable, preflight
from ..i18n import msg
from ..xlsxio import shown_name
from .guarded import fix_guarded
from .plan import shown
from .run import check_paths


def fix_command(file: Path, target: Path | None, force: bool, method: str, vocab: dict,
                lang: str) -> tuple[list[str], int]:
    """Fix file into target (None: a dry run); the lines to print and the exit status."""
    check_paths(file, target)
    if target is not None:
        check_writable(target, force, (file,))
        preflight(target)
    done = fix_guarded(file, target, method, vocab, lang)   # in a worker a crafted file cannot take down
    lines = []
    for c in done.changes:
        line = msg("fix_change", where=f"{c.sheet}!{c.cell}", old=shown(c.old, c.percent),
                   new=shown(c.new, c.percent), rule=c.rule).render(lang)
        lines.append(shown_name(line + ("" if c.written else msg("fix_kept").render(lang))))
    if done.people:
        lines.append(msg("fix_people", n=len(done.people)).render(lang))
        lines += [shown_name(f"  {f.sheet or ''}{'!' + f.cell if f.cell else ''}  {f.rule}  {f.message(lang)}")
                  for f in done.people]
    if not done.changes:
        lines.append(msg("fix_none").render(lang))
    lines.append(msg("fix_dry", n=len(done.changes)).render(lang) if target is None
                 else msg("fix_done", path=shown_name(target), n=len(done.changes)).render(lang))
    return lines, done.exit_code
