"""Hostile input and hostile runs: crafted workbooks (tests/hostile/make.py), a thousand-file folder,
signals, concurrent runs, a full disk, unwritable outputs, a missing pyarrow, the umask.

Every perfxl run is a child process started through LAUNCHER (a `python -c` script) that

  * sets RLIMIT_AS (4 GB) on the child, and RLIMIT_FSIZE / the umask where a test asks;
  * gives the child its own TMPDIR (checked empty afterwards) and its own session (process group);
  * samples the child's process tree every 50 ms (VmHWM and PSS from /proc) and reads
    getrusage(RUSAGE_CHILDREN).ru_maxrss once the child is reaped: peak_mb is the largest single
    process seen either way, tree_mb the largest sum of PSS over the tree;
  * kills the whole group after HOSTILE_TIMEOUT seconds (default 60), so a hang never takes the
    machine down, and reports it as timed out;
  * sends signals at set times where a test asks (SIGINT to the group as Ctrl-C does, SIGTERM and
    SIGKILL to the perfxl process alone);
  * finds processes left behind: every child carries HOSTILE_RUN=<id> in its environment, and any
    process still carrying it (after up to `grace` seconds) is reported, then killed.

Environment:
  HOSTILE_TIMEOUT  seconds before a run is killed (default 60)
  HOSTILE_REPORT   a file to append one JSON line per run to: test, case, command, exit status,
                   time, memory, and every problem found (the map of what fails, and why)
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pytest
from hostile import make

# The launcher measures and finds leftover processes through /proc, and limits through setrlimit.
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux (/proc, setrlimit)")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.xlsx") if p.name != "roster.xlsx")  # the five forms
# The good file beside a crafted one: 广元 (three transfer forms, no errors), the example no crafted file
# is made from (a copy of the same form would be a re-sent form, counted once: PX501).
GOOD = make.GUANGYUAN
TIMEOUT = float(os.environ.get("HOSTILE_TIMEOUT", 60))
AS_LIMIT = 4 << 30                 # RLIMIT_AS of every run: a regression cannot eat the machine
FILE_SECONDS, FILE_MB = 10.0, 1024  # what one file under 1 MB may cost (the issue's limits)
SUMMARY, ISSUES = "汇总", "问题清单"
# Exit status of a run where some file is PX001: 2, the contract of docs/json.md ("status 2 wins over 1").
PX001_EXIT = 2

LAUNCHER = r'''
import json, os, resource, signal, subprocess, sys, time

cfg = json.loads(sys.argv[1])
cmd = sys.argv[2:]


def limits():
    for name in ("RLIMIT_AS", "RLIMIT_FSIZE"):
        if cfg.get(name):
            resource.setrlimit(getattr(resource, name), (cfg[name], cfg[name]))
    if cfg.get("umask") is not None:
        os.umask(cfg["umask"])


def tree(root):
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo += [int(x) for x in fh.read().split()]
        except (OSError, ValueError):
            pass
    return out


def kb(path, key):
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def marked(tag):
    found = []
    for name in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if name.isdigit() and int(name) != os.getpid():
            try:
                with open(f"/proc/{name}/environ", "rb") as fh:
                    if tag in fh.read().split(b"\0"):
                        found.append(int(name))
            except OSError:
                pass
    return found


env = dict(os.environ, **cfg["env"])
tag = ("HOSTILE_RUN=" + cfg["env"]["HOSTILE_RUN"]).encode()
start = time.monotonic()
child = subprocess.Popen(cmd, env=env, cwd=cfg["cwd"], preexec_fn=limits, start_new_session=True)
hwm = pss = 0
timed_out = False
plan = sorted(cfg.get("signals", []))
sent = []
while True:
    try:
        child.wait(timeout=0.05)
        break
    except subprocess.TimeoutExpired:
        pass
    now = time.monotonic() - start
    while plan and plan[0][0] <= now:
        at, signame, whom = plan.pop(0)
        sent.append([round(now, 3), signame, child.poll() is None])
        sig = getattr(signal, signame)
        try:
            os.killpg(child.pid, sig) if whom == "group" else os.kill(child.pid, sig)
        except ProcessLookupError:
            pass
    pids = tree(child.pid)
    hwm = max([hwm] + [kb(f"/proc/{p}/status", "VmHWM:") for p in pids])
    pss = max(pss, sum(kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids))
    if now > cfg["timeout"]:
        timed_out = True
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()
        break
wall = time.monotonic() - start
for p in plan:
    sent.append([round(wall, 3), p[1], False])
left = marked(tag)
deadline = time.monotonic() + cfg.get("grace", 2.0)
while left and time.monotonic() < deadline:
    time.sleep(0.1)
    left = marked(tag)
for pid in left:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
ru = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(cfg["stats"], "w") as fh:
    json.dump({"rc": child.returncode, "wall": wall, "ru_kb": ru, "hwm_kb": hwm, "pss_kb": pss,
               "timed_out": timed_out, "orphans": left, "sent": sent}, fh)
'''

# The parquet test's perfxl: pyarrow made unimportable (sys.modules entry None), then the CLI.
NO_PYARROW = "import sys; sys.modules['pyarrow'] = None; from perfxl.cli import main; main()"


@dataclass
class Run:
    args: list
    rc: int | None
    out_bytes: bytes
    err: str
    wall: float
    peak_mb: float
    tree_mb: float
    timed_out: bool
    orphans: list
    sent: list
    tmpdir: Path
    tmp_left: list = field(default_factory=list)

    @property
    def out(self) -> str:
        return self.out_bytes.decode("utf-8", "replace")

    @property
    def text(self) -> str:
        return self.out + self.err


class Launch:
    """A perfxl run in progress (see LAUNCHER); finish() waits and reads what it measured."""

    def __init__(self, args, tmp: Path, *, fsize=None, umask=None, signals=(), grace=2.0, tmpdir=None,
                 no_pyarrow=False, timeout=TIMEOUT):
        tmp.mkdir(parents=True, exist_ok=True)
        n = len(list(tmp.glob("stats-*.json")))
        self.stats = tmp / f"stats-{n}-{uuid.uuid4().hex[:6]}.json"
        self.tmpdir = tmpdir or tmp / f"tmpdir-{self.stats.stem}"
        self.tmpdir.mkdir(exist_ok=True)
        cwd = tmp / "cwd"
        cwd.mkdir(exist_ok=True)
        self.args = [os.fspath(a) for a in args]
        cmd = [sys.executable, "-c", NO_PYARROW] if no_pyarrow else [sys.executable, "-m", "perfxl"]
        cfg = {"timeout": timeout, "RLIMIT_AS": AS_LIMIT, "RLIMIT_FSIZE": fsize, "umask": umask,
               "signals": [[at, sig, whom] for at, sig, whom in signals], "grace": grace, "cwd": str(cwd),
               "stats": str(self.stats),
               "env": {"TMPDIR": str(self.tmpdir), "HOSTILE_RUN": uuid.uuid4().hex}}
        self.timeout = timeout
        self.proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, json.dumps(cfg), *cmd, *self.args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def running(self) -> bool:
        return self.proc.poll() is None

    def finish(self) -> Run:
        try:
            out, err = self.proc.communicate(timeout=self.timeout + 60)
        except subprocess.TimeoutExpired:  # the launcher itself stuck: never expected
            self.proc.kill()
            out, err = self.proc.communicate()
            pytest.fail(f"the launcher did not return for {self.args}")
        try:
            st = json.loads(self.stats.read_text())
        except (OSError, ValueError):
            pytest.fail(f"the launcher failed for {self.args}: {err.decode('utf-8', 'replace')[-2000:]}")
        run = Run(self.args, st["rc"], out, err.decode("utf-8", "replace"), st["wall"],
                  max(st["ru_kb"], st["hwm_kb"]) / 1024, st["pss_kb"] / 1024, st["timed_out"], st["orphans"],
                  st["sent"], self.tmpdir)
        run.tmp_left = sorted(listing(self.tmpdir))
        return run


def perfxl(args, tmp: Path, **kw) -> Run:
    """Run `python -m perfxl ARGS` through the launcher, to the end."""
    return Launch(args, tmp, **kw).finish()


# --------------------------------------------------------------------------- checks


def listing(folder: Path) -> set[str]:
    """Every path under folder (relative; names that are not UTF-8 as Python shows them)."""
    if not folder.exists():
        return set()
    out = set()
    for dirpath, dirnames, filenames in os.walk(os.fsencode(folder)):
        for name in dirnames + filenames:
            out.add(os.fsdecode(os.path.relpath(os.path.join(dirpath, name), os.fsencode(folder))))
    return out


def digest(path: Path) -> str | None:
    """sha256 of a regular file; None for anything else (a FIFO is not opened)."""
    p = os.fsencode(path)
    if not os.path.isfile(p) or os.path.islink(p):
        return None
    with open(p, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


class Watch:
    """Inputs' bytes and folders' contents before a run, to find what the run changed or left."""

    def __init__(self, inputs: list[Path], folders: list[Path]):
        self.inputs = {p: digest(p) for p in inputs}
        self.folders = {f: listing(f) for f in folders}

    def problems(self, allowed: set[Path] = frozenset()) -> list[str]:
        out = []
        for path, before in self.inputs.items():
            if before is not None and digest(path) != before:
                out.append(f"input changed: {os.fsdecode(path.name)}")
            if before is None and not os.path.lexists(os.fsencode(path)):
                out.append(f"input removed: {path.name}")
        for folder, before in self.folders.items():
            new = {x for x in listing(folder) - before if folder / x not in allowed}
            if new:
                out.append(f"left in {folder.name}/: {sorted(new)[:8]}")
            gone = before - listing(folder)
            if gone:
                out.append(f"removed from {folder.name}/: {sorted(gone)[:8]}")
        return out


def health(run: Run, *, seconds: float | None = FILE_SECONDS, mb: float | None = FILE_MB) -> list[str]:
    """What every run must satisfy: no hang, no traceback, no internal error, nothing left behind."""
    p = []
    if run.timed_out:
        p.append(f"hung: killed after {TIMEOUT:.0f} s")
    for word in ("Traceback", "内部错误", "internal error"):
        if word in run.text:
            at = run.text.index(word)
            p.append(f"{word!r} in output: …{run.text[max(0, at - 80):at + 240]!r}")
    if run.rc is not None and run.rc < 0 and not run.timed_out:
        p.append(f"killed by signal {-run.rc}")
    if seconds is not None and run.wall >= seconds and not run.timed_out:
        p.append(f"took {run.wall:.1f} s (limit {seconds:.0f} s)")
    if mb is not None and run.peak_mb >= mb:
        p.append(f"peak memory {run.peak_mb:.0f} MB (limit {mb} MB)")
    if run.tmp_left:
        p.append(f"left in TMPDIR: {run.tmp_left[:8]}")
    if run.orphans:
        p.append(f"processes still running after it exited: {run.orphans}")
    return p


def record(request, case: str, command: str, run: Run | None, problems: list[str]) -> None:
    """One JSON line per run in $HOSTILE_REPORT (when set): the map of what happens today."""
    path = os.environ.get("HOSTILE_REPORT")
    if not path:
        return
    line = {"test": request.node.nodeid, "case": case, "command": command, "problems": problems}
    if run is not None:
        line.update(rc=run.rc, wall=round(run.wall, 2), peak_mb=round(run.peak_mb), tree_mb=round(run.tree_mb),
                    timed_out=run.timed_out, traceback="Traceback" in run.text,
                    internal="内部错误" in run.text or "internal error" in run.text,
                    tmp_left=run.tmp_left[:5], orphans=run.orphans, sent=run.sent,
                    stderr=run.err[-400:])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def verdict(request, case: str, command: str, run: Run | None, problems: list[str]) -> None:
    record(request, case, command, run, problems)
    if problems:
        tail = f"\n--- exit {run.rc}, {run.wall:.1f} s, {run.peak_mb:.0f} MB; stderr:\n{run.err[-1500:]}" if run else ""
        pytest.fail(f"{case} / {command}:\n  - " + "\n  - ".join(problems) + tail, pytrace=False)


def names(case: make.Case, text: str) -> bool:
    """Whether a message names the case's file (a non-UTF-8 name in any common rendering)."""
    if not isinstance(case.file, bytes):
        return case.file in text
    shown = (case.display, case.file.decode("utf-8", "replace"), case.file.decode("latin-1"),
             repr(case.file)[2:-1], case.file.decode("utf-8", "backslashreplace"))
    return any(s in text for s in shown)


def lint_json(run: Run) -> tuple[dict | None, list[str]]:
    try:
        text = run.out_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [f"stdout is not UTF-8 ({exc})"]
    try:
        return json.loads(text), []
    except ValueError:
        return None, [f"stdout is not a JSON report (exit {run.rc}): {text[:160]!r}"]


def lint_problems(case: make.Case, run: Run, forms: int | None) -> list[str]:
    """The JSON report of `lint FILE --format json` against what the case expects."""
    data, p = lint_json(run)
    if data is None:
        return p
    files = data.get("files", [])
    if len(files) != 1:
        return [f"{len(files)} files in the report, expected 1"]
    f, errors = files[0], data.get("summary", {}).get("errors")
    err = f.get("error")
    if case.expect == "px001" or (case.expect == "either" and err):
        if not err or err.get("rule") != "PX001":
            p.append(f"expected PX001 for the file, got error={err} and {len(f.get('forms', []))} forms, "
                     f"findings {[x['rule'] for x in f.get('findings', [])][:6]}")
        elif not names(case, err.get("message", "")):
            p.append(f"the PX001 message does not name the file: {err.get('message')!r}")
        if err and f.get("findings"):
            p.append(f"findings beside PX001: {[x['rule'] for x in f['findings']][:6]}")
        if run.rc != PX001_EXIT:
            p.append(f"exit {run.rc}, expected {PX001_EXIT} (a file with PX001)")
    else:
        if err:
            p.append(f"reported unreadable, expected it read: {err}")
        if forms is not None and len(f.get("forms", [])) != forms:
            p.append(f"{len(f.get('forms', []))} forms read, expected {forms}")
        want = 1 if errors else 0
        if run.rc != want:
            p.append(f"exit {run.rc}, expected {want} (the report counts {errors} errors)")
    return p


@dataclass
class Summary:
    forms: Counter          # file name -> rows in 汇总
    issues: dict            # file name -> [(rule, severity)] in 问题清单
    sheets: list
    keys: Counter           # (unit, project, year) of the 汇总 rows, blanks removed: a form counted once


def read_summary(path: Path) -> tuple[Summary | None, str | None]:
    """汇总 and 问题清单 of a summary workbook, by source file name; or why it cannot be read."""
    from openpyxl import load_workbook

    def at(row, i):  # rows read back may be short (a totals row's trailing empty cells)
        return row[i] if row and i < len(row) else None

    try:
        wb = load_workbook(path, read_only=True)
        try:
            rows = list(wb[SUMMARY].iter_rows(values_only=True))
            issues = list(wb[ISSUES].iter_rows(values_only=True))
            sheets = wb.sheetnames
            for name in sheets:                       # every sheet parses
                for _ in wb[name].iter_rows(values_only=True):
                    pass
        finally:
            wb.close()
    except Exception as exc:
        return None, f"the summary does not open: {type(exc).__name__}: {exc}"
    try:
        col, ui, pi = (rows[0].index(h) for h in ("来源文件", "县区/单位", "项目名称"))
        yi = rows[0].index("年度") if "年度" in rows[0] else None
        fi, ri, si = (issues[0].index(h) for h in ("文件", "规则", "级别"))
    except (IndexError, ValueError) as exc:
        return None, f"the summary lacks its headers ({exc}): {rows[:1]} / {issues[:1]}"
    forms = Counter(PurePath(str(at(r, col))).name for r in rows[1:] if at(r, col))
    keys = Counter((squeeze(at(r, ui)), squeeze(at(r, pi)), None if yi is None else at(r, yi))
                   for r in rows[1:] if at(r, col))
    by_file = defaultdict(list)
    for r in issues[1:]:
        if at(r, fi):
            by_file[PurePath(str(at(r, fi))).name].append((at(r, ri), at(r, si)))
    return Summary(forms, dict(by_file), sheets, keys), None


def squeeze(text) -> str:
    """Text without blanks (as the roll-up compares units and projects)."""
    return "".join(str(text or "").split())


def expected_exit(summary: Summary) -> int:
    """The exit status 问题清单 calls for: PX001_EXIT with an unreadable file, 1 with errors, else 0."""
    found = [x for v in summary.issues.values() for x in v]
    return PX001_EXIT if ("PX001", "错误") in found else 1 if any(sev == "错误" for _, sev in found) else 0


def opens(path: Path) -> str | None:
    """None when openpyxl opens the workbook and reads every sheet; else why not."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()
    except Exception as exc:
        return f"{path.name} does not open: {type(exc).__name__}: {exc}"
    return None


def file_rows(summary: Summary, case: make.Case, known: set[str]) -> tuple[int, list]:
    """The case file's rows in 汇总 and its 问题清单 entries (a non-UTF-8 name: whatever is not known)."""
    if not isinstance(case.file, bytes):
        return summary.forms.get(case.file, 0), summary.issues.get(case.file, [])
    return (sum(n for k, n in summary.forms.items() if k not in known),
            [x for k, v in summary.issues.items() if k not in known for x in v])


# --------------------------------------------------------------------------- fixtures

CATALOG = make.catalog()


def cases_for(command: str) -> list[str]:
    return [c.name for c in CATALOG if command in c.commands]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, make.Case]:
    cases = {c.name: c for c in make.build(tmp_path_factory.mktemp("hostile"))}
    big = [c.name for c in cases.values() if c.path and c.special == "file" and c.path.stat().st_size >= 1 << 20]
    assert not big, f"crafted files of 1 MB or more (the time and memory limits are for smaller files): {big}"
    return cases


@dataclass(frozen=True)
class Forms:
    linted: int      # forms in lint's report
    rows: int        # rows in 汇总: the forms but evaluation reports' score tables (linted, not summed)
    pairs: tuple     # (unit, project) of those rows, blanks removed; the unit as the roll-up counts it


@pytest.fixture(scope="session")
def example_forms(tmp_path_factory) -> dict[str, Forms]:
    """Forms of each of the five examples, from one `lint --format json` of them all."""
    tmp = tmp_path_factory.mktemp("examples-lint")
    run = perfxl(["lint", *EXAMPLES, "--format", "json"], tmp)
    data, p = lint_json(run)
    if data is None or len(data["files"]) != len(EXAMPLES) or any(f["error"] for f in data["files"]):
        pytest.fail(f"the five examples do not lint: {p} {run.err[-1000:]}")
    out = {}
    for f in data["files"]:
        rows = [x for x in f["forms"] if x["kind"] != "score_table"]
        # a workbook is one unit in the roll-up: the one most of its forms name (广元's transfer form
        # naming 省级、各市（州）、县（区）… counts under 广元市)
        unit = Counter(x["unit"] for x in rows if x["unit"]).most_common(1)
        out[PurePath(f["path"]).name] = Forms(len(f["forms"]), len(rows),
                                              tuple((squeeze(unit[0][0] if unit else ""), squeeze(x["project"]))
                                                    for x in rows))
    return out


def expected_forms(case: make.Case, example_forms: dict[str, Forms], rows: bool = False) -> int | None:
    """Forms lint should report for the case's file (rows=True: its rows in 汇总); None: not asserted."""
    if case.expect == "px001":
        return 0
    if case.forms is None:
        return None
    if case.source and case.forms:
        f = example_forms[case.source]
        return f.rows if rows else f.linted
    return case.forms


def ready(built: dict, name: str) -> make.Case:
    case = built[name]
    if case.skip:
        pytest.skip(case.skip)
    return case


@pytest.fixture(scope="session")
def five(tmp_path_factory) -> Path:
    """A folder of the five examples."""
    folder = tmp_path_factory.mktemp("five")
    for p in EXAMPLES:
        shutil.copyfile(p, folder / p.name)
    return folder


@pytest.fixture(scope="session")
def copies(tmp_path_factory) -> Path:
    """300 workbooks: each of the five examples 60 times, under distinct names (`measured` adds more
    where a run of them is too quick to signal in the middle)."""
    folder = tmp_path_factory.mktemp("copies")
    _add_copies(folder, 0, 60)
    return folder


def _add_copies(folder: Path, start: int, rounds: int) -> None:
    for i in range(start, start + rounds):
        for p in EXAMPLES:
            shutil.copyfile(p, folder / f"{i:04d}_{p.name}")


@dataclass
class Measured:
    wall: float
    rc: int
    files: int
    forms: int
    summary: bytes


@pytest.fixture(scope="session")
def measured(copies, example_forms, tmp_path_factory) -> Measured:
    """Two full `consolidate` runs of the copies (the first also warms the caches): the shorter time
    (signals 'late in a run' are timed from it), the status, and the summary (the 'earlier output'
    that interrupted runs must leave alone). Copies are doubled (up to 2,400) until a run lasts 1.5 s,
    so that a signal at 0.5 s always lands mid-run."""
    tmp = tmp_path_factory.mktemp("measured")
    target = tmp / "out" / "summary.xlsx"
    target.parent.mkdir()
    rounds = 60
    while True:
        walls = []
        for _ in range(2):
            run = perfxl(["consolidate", copies, "-o", target, "--force"], tmp)
            if run.rc not in (0, 1) or not target.exists():
                pytest.fail(f"a plain consolidate of {rounds * 5} good copies fails (exit {run.rc}): "
                            f"{run.err[-1500:]}")
            walls.append(run.wall)
        if min(walls) >= 1.5 or rounds >= 480:
            break
        _add_copies(copies, rounds, rounds)
        rounds *= 2
    if min(walls) < 1.0:
        pytest.fail(f"{rounds * 5} copies consolidate in {min(walls):.1f} s: too quick to signal mid-run")
    summary, why = read_summary(target)
    if summary is None or not summary.forms:
        pytest.fail(f"the summary of {rounds * 5} good copies: {why or 'no rows'}")
    # Copies of one form are one form (PX501): the count is of distinct forms, as in this summary
    return Measured(min(walls), run.rc, rounds * 5, sum(summary.forms.values()), target.read_bytes())


# --------------------------------------------------------------------------- one crafted file


@pytest.mark.parametrize("name", cases_for(make.LINT))
def test_lint(name, built, example_forms, tmp_path, request):
    """`lint FILE --format json`: PX001 naming the file, or the file read; fast, small, clean."""
    case = ready(built, name)
    src = case.place(tmp_path / "in")
    watch = Watch([src], [tmp_path / "in", tmp_path / "cwd"])
    run = perfxl(["lint", src, "--format", "json"], tmp_path)
    problems = lint_problems(case, run, expected_forms(case, example_forms)) + health(run) + watch.problems()
    verdict(request, name, "lint --format json", run, problems)


@pytest.mark.parametrize("name", cases_for(make.ANNOTATE))
def test_annotate(name, built, example_forms, tmp_path, request):
    """`lint FILE --annotate OUT`: a readable file's annotated copy is written and opens."""
    case = ready(built, name)
    src = case.place(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("annotated" + PurePath(case.display).suffix)
    watch = Watch([src], [tmp_path / "in", out, tmp_path / "cwd"])
    run = perfxl(["lint", src, "--format", "json", "--annotate", target], tmp_path)
    problems = lint_problems(case, run, expected_forms(case, example_forms)) + health(run)
    problems += watch.problems({target})
    if not target.exists():
        problems.append("no annotated copy written")
    elif why := opens(target):
        problems.append(why)
    verdict(request, name, "lint --annotate", run, problems)


@pytest.mark.parametrize("name", cases_for(make.LINT))
def test_new_with_a_crafted_roster(name, built, tmp_path, request):
    """`perfxl new CRAFTED -o OUT`: a roster perfxl cannot use is refused, exit 2, a message naming
    it and no warning noise; fast, small, clean, and nothing generated."""
    case = ready(built, name)
    src = case.place(tmp_path / "in")
    out = tmp_path / "out"
    watch = Watch([src], [tmp_path / "in", tmp_path / "cwd"])
    run = perfxl(["new", src, "-o", out], tmp_path)
    problems = health(run) + watch.problems()
    if run.rc != 2:
        problems.append(f"exit {run.rc}, expected 2")
    if not names(case, run.err):
        problems.append(f"the message does not name {case.display}: {run.err[-300:]!r}")
    if "Warning" in run.err:
        problems.append(f"a library's warning shown to the clerk: {run.err[-300:]!r}")
    if out.exists() and any(out.iterdir()):
        problems.append(f"generated anyway: {sorted(p.name for p in out.iterdir())}")
    verdict(request, name, "new CRAFTED", run, problems)


@pytest.mark.parametrize("name", cases_for(make.CONSOLIDATE))
def test_consolidate(name, built, example_forms, tmp_path, request):
    """`consolidate FILE -o OUT`: a readable file's forms are in the summary, which opens."""
    case = ready(built, name)
    src = case.place(tmp_path / "in")
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    watch = Watch([src], [tmp_path / "in", target.parent, tmp_path / "cwd"])
    run = perfxl(["consolidate", src, "-o", target], tmp_path)
    problems = health(run) + watch.problems({target})
    if run.rc not in (0, 1):
        problems.append(f"exit {run.rc}, expected 0 or 1")
    summary, why = read_summary(target) if target.exists() else (None, "no summary written")
    if summary is None:
        problems.append(why)
    else:
        rows, issues = file_rows(summary, case, set())
        forms = expected_forms(case, example_forms, rows=True)
        if rows != forms:
            problems.append(f"{rows} rows for the file in {SUMMARY}, expected {forms}")
        want = expected_exit(summary)
        if run.rc in (0, 1) and run.rc != want:
            problems.append(f"exit {run.rc}, expected {want} from what {ISSUES} lists ({len(issues)} issues)")
    verdict(request, name, "consolidate FILE", run, problems)


@pytest.mark.parametrize("name", cases_for(make.FOLDER))
def test_consolidate_folder(name, built, example_forms, tmp_path, request):
    """`consolidate FOLDER` of the crafted file and a good one: the good form summed, the bad file
    listed in 问题清单, the exit status what the findings say."""
    case = ready(built, name)
    folder = tmp_path / "in"
    src = case.place(folder)
    good = folder / f"good_{GOOD}"
    shutil.copyfile(make.EXAMPLES / GOOD, good)
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    watch = Watch([src, good], [folder, target.parent, tmp_path / "cwd"])
    run = perfxl(["consolidate", folder, "-o", target], tmp_path)
    problems = health(run) + watch.problems({target})
    if case.expect == "px001" and run.rc != PX001_EXIT:
        problems.append(f"exit {run.rc}, expected {PX001_EXIT} (a file with PX001)")
    elif case.expect != "px001" and run.rc not in (0, 1, PX001_EXIT):
        problems.append(f"exit {run.rc}, expected one of {sorted({0, 1, PX001_EXIT})}")
    summary, why = read_summary(target) if target.exists() else (None, "no summary written")
    if summary is None:
        problems.append(why)
    else:
        if summary.forms.get(good.name, 0) != example_forms[GOOD].rows:
            problems.append(f"the good file has {summary.forms.get(good.name, 0)} rows in {SUMMARY}, "
                            f"expected {example_forms[GOOD].rows}")
        rows, issues = file_rows(summary, case, {good.name})
        forms = expected_forms(case, example_forms, rows=True)
        if case.expect == "px001":
            if ("PX001", "错误") not in issues:
                problems.append(f"the bad file is not in {ISSUES} as PX001 (its entries: {issues[:4]})")
            if rows:
                problems.append(f"{rows} rows for the unreadable file in {SUMMARY}")
        elif case.expect == "either":
            if not issues:
                problems.append(f"the crafted file is not named in {ISSUES}")
            read = ("PX001", "错误") not in issues
            if read and forms is not None and rows != forms:
                problems.append(f"read, with {rows} rows in {SUMMARY}; expected {forms}")
        elif rows != forms:
            problems.append(f"{rows} rows for the crafted file in {SUMMARY}, expected {forms}")
        want = expected_exit(summary)
        if case.expect != "px001" and run.rc in (0, 1, PX001_EXIT) and run.rc != want:
            problems.append(f"exit {run.rc}, expected {want} from what {ISSUES} lists")
    verdict(request, name, "consolidate FOLDER (+ good)", run, problems)


# --------------------------------------------------------------------------- a thousand files


def test_thousand_files(built, example_forms, tmp_path, request):
    """950 copies of the five examples, 50 damaged copies and every crafted file, in one folder:
    every good form summed, every bad file in 问题清单, exit 1, within the minute.

    Copies of one form are a form received several times: the roll-up counts it once and lists the
    other copies with PX501 (docs/rules.md). So every good copy has its forms in 汇总 or a PX501, and
    each of the examples' forms is in 汇总 exactly once."""
    folder = tmp_path / "in"
    folder.mkdir()
    rng = random.Random(1000)
    good: dict[str, int] = {}
    for i in range(190):
        for p in EXAMPLES:
            name = f"{i:03d}_{p.name}"
            shutil.copyfile(p, folder / name)
            good[name] = example_forms[p.name].rows
    damaged = []
    for i in range(50):
        name = f"damaged_{i:02d}.xlsx"
        if i % 2:
            data = rng.randbytes(rng.randrange(500, 8000))
        else:
            src = EXAMPLES[i % len(EXAMPLES)].read_bytes()
            data = src[: rng.randrange(100, len(src) - 100)]
        (folder / name).write_bytes(data)
        damaged.append(name)
    crafted = [c for c in built.values() if not c.skip]
    for case in crafted:
        case.place(folder / "crafted")
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    watch = Watch([], [folder, target.parent, tmp_path / "cwd"])
    run = perfxl(["consolidate", folder, "-o", target], tmp_path)
    problems = health(run, seconds=60) + watch.problems({target})
    if run.rc != PX001_EXIT:
        problems.append(f"exit {run.rc}, expected {PX001_EXIT} (damaged files among them)")
    summary, why = read_summary(target) if target.exists() else (None, "no summary written")
    if summary is None:
        problems.append(why)
    else:
        known = set(good) | set(damaged) | {c.file for c in crafted if isinstance(c.file, str)}
        resent = ("PX501", "警告")
        lost = [(n, summary.forms.get(n, 0), want) for n, want in good.items()
                if summary.forms.get(n, 0) != want and resent not in summary.issues.get(n, [])]
        if lost:
            problems.append(f"{len(lost)} good files neither in {SUMMARY} in full nor marked PX501 "
                            f"(name, rows, expected): {lost[:3]}")
        twice = [k for k, n in summary.keys.items() if n > 1]
        if twice:
            problems.append(f"{len(twice)} forms counted more than once in {SUMMARY}: {twice[:3]}")
        pairs = Counter((u, p) for u, p, _ in summary.keys.elements())
        for example in EXAMPLES:
            off = [(pair, pairs[pair]) for pair in example_forms[example.name].pairs if pairs[pair] != 1]
            if off:
                problems.append(f"forms of {example.name} not in {SUMMARY} exactly once (form, times): {off[:3]}")
        missing = [n for n in damaged if ("PX001", "错误") not in summary.issues.get(n, [])]
        if missing:
            problems.append(f"{len(missing)} damaged copies not in {ISSUES} as PX001: {missing[:3]}")
        for case in crafted:
            rows, issues = file_rows(summary, case, known)
            forms = expected_forms(case, example_forms, rows=True)
            counted = rows == forms or resent in issues
            if case.expect == "px001" and ("PX001", "错误") not in issues:
                problems.append(f"crafted {case.name}: not in {ISSUES} as PX001")
            elif case.expect == "either" and not issues:
                problems.append(f"crafted {case.name}: not named in {ISSUES}")
            elif (case.expect == "either" and ("PX001", "错误") not in issues and forms is not None
                  and not counted):
                problems.append(f"crafted {case.name}: read, {rows} rows in {SUMMARY} and no PX501, expected {forms}")
            elif case.expect == "readable" and not counted:
                problems.append(f"crafted {case.name}: {rows} rows in {SUMMARY} and no PX501, expected {forms}")
    verdict(request, "1,000-file folder", "consolidate", run, problems)


# --------------------------------------------------------------------------- signals and kills

SIGNALS = {  # id: (signal, seconds after the start, or else that share of the measured run, sent to, exit status)
    "SIGINT-at-0.5s": ("SIGINT", 0.5, None, "group", 130),
    "SIGTERM-at-0.5s": ("SIGTERM", 0.5, None, "pid", 143),
    "SIGINT-at-80%": ("SIGINT", None, 0.8, "group", 130),
    "SIGTERM-at-80%": ("SIGTERM", None, 0.8, "pid", 143),
}


@pytest.mark.parametrize("which", SIGNALS)
def test_signal_stops_cleanly(which, copies, measured, tmp_path, request):
    """Ctrl-C (SIGINT to the process group) or SIGTERM mid-run: exit 130/143, the earlier output
    untouched, no spool or .tmp files, no worker left running."""
    sig, seconds, share, whom, status = SIGNALS[which]
    if seconds is None:  # timed from a run just before, on the machine as busy as it is now
        (tmp_path / "calibration").mkdir()
        calibration = perfxl(["consolidate", copies, "-o", tmp_path / "calibration" / "summary.xlsx"],
                             tmp_path / "calibration-run")
        seconds = share * min(calibration.wall, measured.wall)
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    target.write_bytes(measured.summary)
    # A run can outpace its calibration (the machine freed up): then it is tried again with the
    # signal sent sooner, so the test stays meaningful rather than failing as not meaningful.
    for attempt in range(3):
        at = seconds / 2 ** attempt
        watch = Watch([], [target.parent, tmp_path / "cwd"])
        run = perfxl(["consolidate", copies, "-o", target, "--force"], tmp_path,
                     signals=[(at, sig, whom)])
        if run.sent and run.sent[0][2]:
            break
        target.write_bytes(measured.summary)  # the finished run replaced it, as asked
    problems = health(run, seconds=None, mb=None) + watch.problems()
    if not run.sent or not run.sent[0][2]:
        problems.append(f"the run ended before {sig} at {at:.1f} s (it took {run.wall:.1f} s): test not meaningful")
    elif run.rc != status:
        problems.append(f"exit {run.rc}, expected {status} after {sig}")
    if target.read_bytes() != measured.summary:
        problems.append("the earlier output was changed")
    verdict(request, which, "consolidate copies + signal", run, problems)


def test_sigkill_then_rerun(copies, measured, tmp_path, request):
    """kill -9 mid-run, then run again: the second run succeeds and no temporary file of the first
    is left (in TMPDIR or beside the output); the first's workers do not outlive it."""
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    tmpdir = tmp_path / "shared-tmp"
    tmpdir.mkdir()
    watch = Watch([], [target.parent, tmp_path / "cwd"])
    first = perfxl(["consolidate", copies, "-o", target, "--force"], tmp_path, tmpdir=tmpdir,
                   signals=[(0.5 * measured.wall, "SIGKILL", "pid")], grace=3.0)
    problems = []
    if not first.sent or not first.sent[0][2]:
        problems.append("the first run ended before SIGKILL: test not meaningful")
    if first.orphans:
        problems.append(f"workers of the killed run still running 3 s later: {first.orphans}")
    second = perfxl(["consolidate", copies, "-o", target, "--force"], tmp_path, tmpdir=tmpdir)
    problems += health(second, seconds=None, mb=None) + watch.problems({target})
    if second.rc != measured.rc:
        problems.append(f"second run: exit {second.rc}, expected {measured.rc}")
    problems += [f"second run: {x}" for x in summary_problems(target, measured)]
    verdict(request, "SIGKILL then rerun", "consolidate copies ×2", second, problems)


def summary_problems(target: Path, measured) -> list[str]:
    """The summary a complete run writes: there, with as many 汇总 rows as a plain run gave."""
    summary, why = read_summary(target) if target.exists() else (None, "no summary written")
    if summary is None:
        return [why]
    if sum(summary.forms.values()) != measured.forms:
        return [f"{sum(summary.forms.values())} rows in {SUMMARY}, expected {measured.forms}"]
    return []


def test_concurrent_runs_to_one_output(copies, measured, tmp_path, request):
    """A second consolidate to the same -o while the first runs: refused (exit 2, a message naming
    the output); the first's output complete."""
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    watch = Watch([], [target.parent, tmp_path / "cwd"])
    first = Launch(["consolidate", copies, "-o", target, "--force"], tmp_path)
    time.sleep(0.5)
    if not first.running():
        pytest.fail("the first run ended within 0.5 s: test not meaningful")
    second = perfxl(["consolidate", copies, "-o", target, "--force"], tmp_path)
    first_still_running = first.running()
    a = first.finish()
    problems = [f"first: {x}" for x in health(a, seconds=None, mb=None)]
    problems += [f"second: {x}" for x in health(second, seconds=None, mb=None)] + watch.problems({target})
    if second.rc != 2:
        problems.append(f"second run: exit {second.rc}, expected 2 (refused)")
    if str(target) not in second.err:
        problems.append(f"second run's message does not name {target.name}: {second.err[-300:]!r}")
    if not first_still_running:
        problems.append("the second run returned only after the first had finished (waited, not refused)")
    if a.rc != measured.rc:
        problems.append(f"first run: exit {a.rc}, expected {measured.rc}")
    problems += summary_problems(target, measured)
    verdict(request, "two runs, one -o", "consolidate copies ×2", second, problems)


# --------------------------------------------------------------------------- outputs that cannot be written


def _earlier(five, tmp_path) -> bytes:
    """A summary of the five examples (the earlier output a failed run must leave alone)."""
    ref = tmp_path / "ref" / "summary.xlsx"
    ref.parent.mkdir()
    run = perfxl(["consolidate", five, "-o", ref], tmp_path / "ref-run")
    if run.rc not in (0, 1) or not ref.exists():
        pytest.fail(f"a plain consolidate of the five examples fails (exit {run.rc}): {run.err[-1000:]}")
    return ref.read_bytes()


def _write_failed(run: Run, target: Path, earlier: bytes, extra: set[str] = frozenset(),
                  failing: Path | None = None) -> list[str]:
    """failing: a folder the write that failed may lie in instead of the output's (the spool)."""
    problems = health(run, seconds=None, mb=None)
    if run.rc != 2:
        problems.append(f"exit {run.rc}, expected 2")
    if str(target) not in run.err and not (failing and str(failing) in run.err):
        problems.append(f"the message does not name {target} (or a path under {failing}): {run.err[-300:]!r}")
    if target.read_bytes() != earlier:
        problems.append("the earlier output was changed")
    left = listing(target.parent) - {target.name} - extra
    if left:
        problems.append(f"left beside the output: {sorted(left)}")
    return problems


def test_disk_full_by_file_size_limit(five, tmp_path, request):
    """RLIMIT_FSIZE at half the summary's size (writes fail with EFBIG): exit 2 naming what could not
    be written (the output, or the spool in the run's temporary folder, which is the larger and fills
    first), no traceback, no partial file, the earlier output intact."""
    earlier = _earlier(five, tmp_path)
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    target.write_bytes(earlier)
    run = perfxl(["consolidate", five, "-o", target, "--force"], tmp_path / "run", fsize=len(earlier) // 2)
    verdict(request, "RLIMIT_FSIZE", "consolidate 5", run,
            _write_failed(run, target, earlier, failing=tmp_path / "run"))


@pytest.fixture
def mount(tmp_path):
    """mount(folder, options): a tmpfs there, unmounted after the test; skips where not permitted."""
    mounted = []

    def do(folder: Path, options: str) -> None:
        folder.mkdir(exist_ok=True)
        res = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                             capture_output=True, text=True)
        if res.returncode:
            pytest.skip(f"cannot mount a tmpfs here (machine limit): {res.stderr.strip() or res.returncode}")
        mounted.append(folder)

    yield do
    for folder in mounted:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_disk_full_on_a_full_tmpfs(five, tmp_path, mount, request):
    """The output on a 1 MB tmpfs with 8 KB left: exit 2 naming the output, the earlier intact."""
    earlier = _earlier(five, tmp_path)
    disk = tmp_path / "full"
    mount(disk, "size=1m")
    target = disk / "summary.xlsx"
    target.write_bytes(earlier)
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        size = 0
        while True:
            try:
                size += os.write(fd, b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
                break
        os.ftruncate(fd, max(0, size - 8192))          # 8 KB free: less than the summary needs
    finally:
        os.close(fd)
    run = perfxl(["consolidate", five, "-o", target, "--force"], tmp_path / "run")
    verdict(request, "full tmpfs", "consolidate 5", run, _write_failed(run, target, earlier, {"filler"}))


def _fast(run: Run, measured: Measured) -> list[str]:
    limit = measured.wall / 2
    return [] if run.wall < limit else [
        f"took {run.wall:.1f} s (a full run takes {measured.wall:.1f} s): not refused before the reading"]


def test_read_only_output_folder(copies, measured, tmp_path, mount, request):
    """An output folder that cannot be written: exit 2 naming it, before any workbook is read."""
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        (out / "probe").write_text("x")
    except PermissionError:
        pass
    else:  # root: permission bits do not stop it; a read-only tmpfs does
        (out / "probe").unlink()
        out.chmod(0o755)
        mount(out, "ro,size=64k")
    try:
        target = out / "summary.xlsx"
        run = perfxl(["consolidate", copies, "-o", target], tmp_path / "run")
        problems = health(run, seconds=None) + _fast(run, measured)
        if run.rc != 2:
            problems.append(f"exit {run.rc}, expected 2")
        if str(out) not in run.err:
            problems.append(f"the message does not name {out}: {run.err[-300:]!r}")
        if listing(out):
            problems.append(f"written to the read-only folder: {sorted(listing(out))}")
    finally:
        with contextlib.suppress(OSError):
            out.chmod(0o755)
    verdict(request, "read-only output folder", "consolidate copies", run, problems)


def test_output_parent_is_a_file(copies, measured, tmp_path, request):
    """-o under a path that is a file: exit 2 naming it, before any workbook is read."""
    blocker = tmp_path / "not_a_folder.txt"
    blocker.write_text("keep me")
    target = blocker / "summary.xlsx"
    run = perfxl(["consolidate", copies, "-o", target], tmp_path / "run")
    problems = health(run, seconds=None) + _fast(run, measured)
    if run.rc != 2:
        problems.append(f"exit {run.rc}, expected 2")
    if str(blocker) not in run.err:
        problems.append(f"the message does not name {blocker}: {run.err[-300:]!r}")
    if blocker.read_text() != "keep me":
        problems.append("the file in the way was changed")
    verdict(request, "output parent is a file", "consolidate copies", run, problems)


def test_parquet_without_pyarrow(five, tmp_path, request):
    """--format parquet where pyarrow cannot be imported: exit 2 saying so, nothing written."""
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    run = perfxl(["consolidate", five, "-o", target, "--format", "parquet"], tmp_path / "run", no_pyarrow=True)
    problems = health(run, seconds=None)
    if run.rc != 2:
        problems.append(f"exit {run.rc}, expected 2")
    if "pyarrow" not in run.err:
        problems.append(f"the message does not mention pyarrow: {run.err[-300:]!r}")
    if listing(target.parent):
        problems.append(f"written before refusing: {sorted(listing(target.parent))}")
    verdict(request, "parquet without pyarrow", "consolidate 5 --format parquet", run, problems)


@pytest.mark.parametrize("mask,mode", [(0o022, 0o644), (0o077, 0o600)], ids=["umask-022", "umask-077"])
def test_outputs_honour_the_umask(mask, mode, five, tmp_path, request):
    """The summary, its CSV exports and an --annotate copy get 0666 & ~umask, like any new file."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / "summary.xlsx"
    run = perfxl(["consolidate", five, "-o", target, "--format", "csv"], tmp_path / "run", umask=mask)
    annotated = out / "annotated.xlsx"
    src = tmp_path / "in" / GOOD
    src.parent.mkdir()
    shutil.copyfile(make.EXAMPLES / GOOD, src)
    run2 = perfxl(["lint", src, "--annotate", annotated], tmp_path / "run2", umask=mask)
    problems = health(run, seconds=None) + [f"lint --annotate: {x}" for x in health(run2, seconds=None)]
    if run.rc not in (0, 1) or run2.rc not in (0, 1):
        problems.append(f"exit {run.rc} (consolidate), {run2.rc} (lint --annotate), expected 0 or 1")
    made = sorted(out.iterdir())
    if len(made) != 6:
        problems.append(f"expected the summary, 4 CSV files and the annotated copy, found {[p.name for p in made]}")
    for p in made:
        got = p.stat().st_mode & 0o777
        if got != mode:
            problems.append(f"{p.name}: mode {got:04o}, expected {mode:04o} under umask {mask:03o}")
    verdict(request, f"umask {mask:03o}", "consolidate --format csv; lint --annotate", run, problems)
