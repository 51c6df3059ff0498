"""The lint report: findings per file, rendered as text, JSON (the contract) and SARIF."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import __version__
from ..errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from ..findings import Finding
from ..forms.facts import facts
from ..forms.model import Form
from ..rules import load_all


@dataclass(slots=True)
class FormInfo:
    """A form as the report lists it: what it is and its facts (a picklable copy, no cells)."""

    sheet: str
    kind: str
    project: str
    unit: str
    total_score: float | None
    grade: str | None
    year: int | None = None
    scored: bool = False
    budget: float | None = None
    spent: float | None = None
    rate: float | None = None
    fund_score: float | None = None
    total_source: str | None = None
    grade_source: str | None = None
    # result cells PX301 requires (px301.RESULTS): the text's “not filled in yet”; not in JSON. Counted
    # only for a form where PX301 found one empty (count_results): the others never ask.
    results: int = 0

    @classmethod
    def of(cls, form: Form) -> FormInfo:
        f = facts(form)
        return cls(form.sheet, form.kind, f.project, f.unit, f.total, f.grade, f.year, f.scored, f.budget,
                   f.spent, f.rate, f.fund_score, f.total_source, f.grade_source)

    def to_json(self) -> dict:
        rate = None if self.rate is None else round(self.rate, 6)
        return {"sheet": self.sheet, "kind": self.kind, "project": self.project, "unit": self.unit,
                "total_score": self.total_score, "grade": self.grade, "year": self.year, "scored": self.scored,
                "budget": self.budget, "spent": self.spent, "rate": rate, "fund_score": self.fund_score,
                "total_source": self.total_source, "grade_source": self.grade_source}


def count_results(infos: list[FormInfo], forms: list[Form], findings: list[Finding]) -> None:
    """Set FormInfo.results on each form where PX301 found an empty result cell."""
    from ..rules.px301 import RESULTS, result_count

    asked = {x.form for x in findings if x.rule == "PX301" and x.params.get("field") in RESULTS}
    for i in asked:
        if i is not None and 0 <= i < len(forms):
            try:
                infos[i].results = result_count(forms[i])
            except Exception:  # a form PX301 cannot read is PX000 there; the report just counts nothing
                infos[i].results = 0


def _errors_warnings(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings) among the findings no one accepted (an accepted one is listed, never counted)."""
    found = [x.severity for x in findings if x.suppressed is None]
    return found.count("error"), found.count("warning")


@dataclass(slots=True)
class FileResult:
    path: str
    error: Finding | None = None
    forms: list[FormInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unused: list[dict] = field(default_factory=list)  # its cell comments' suppressions that matched nothing
    matched: list[int] = field(default_factory=list)  # which of the run's perfxl.toml suppressions matched here
    # (forms, errors, warnings) of forms and findings let go once counted (release); None: all kept
    released: tuple[int, int, int] | None = None

    def release(self) -> None:
        """Keep only the counts of the forms and findings (a roll-up lists them in its own sheets and
        holds every file's result to the end: its memory would grow with each finding kept). The
        findings added later (the roll-up's own) are kept and counted beside these."""
        self.released = (len(self.forms), *_errors_warnings(self.findings))
        # empty tuples are one shared object (nothing is added to these once released): a file's
        # result is then a few hundred bytes, of which a city's roll-up holds one per workbook
        self.forms, self.findings = (), []
        self.unused, self.matched = self.unused or (), self.matched or ()

    def tally(self) -> tuple[int, int, int]:
        """(forms, errors, warnings) as every report counts them: the read error is an error, the
        findings no one accepted count, and so do those released."""
        forms, errors, warnings = self.released or (0, 0, 0)
        e, w = _errors_warnings(([self.error] if self.error else []) + self.findings)
        return forms + len(self.forms), errors + e, warnings + w

    def counts(self) -> list[list[int]]:
        """[errors, warnings] of each form, by the form each finding belongs to."""
        out = [[0, 0] for _ in self.forms]
        for x in self.findings:
            if x.form is not None and 0 <= x.form < len(out) and x.suppressed is None:
                out[x.form][0 if x.severity == "error" else 1] += 1
        return out


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    unused: list[dict] = field(default_factory=list)  # perfxl.toml's suppressions that matched nothing

    def unused_suppressions(self) -> list[dict]:
        """Every suppression that matched no finding: the files' comments, then perfxl.toml's entries."""
        return [{**u, "path": f.path} for f in self.files for u in f.unused] + [
            {**u, "path": None} for u in self.unused]

    def all_findings(self) -> list[tuple[str, Finding]]:
        out = []
        for f in self.files:
            if f.error:
                out.append((f.path, f.error))
            out += [(f.path, x) for x in f.findings]
        return out

    def summary(self) -> dict:
        tallies = [f.tally() for f in self.files]
        return {"files": len(self.files), "forms": sum(t[0] for t in tallies),
                "errors": sum(t[1] for t in tallies), "warnings": sum(t[2] for t in tallies)}

    @property
    def exit_code(self) -> int:
        if any(f.error for f in self.files):
            return EXIT_ERROR
        return EXIT_FINDINGS if any(f.tally()[1] for f in self.files) else EXIT_CLEAN

    def _whole(self) -> None:
        """Refuse to list findings a released file no longer has (a partial list would read as whole)."""
        if any(f.released for f in self.files):
            raise ValueError("this report kept counts only (FileResult.release): its findings cannot be listed")

    def flatten(self, keys=("path", "sheet", "cell", "rule")) -> list[list]:
        """One row per finding with the chosen keys: short assertions in tests (as frictionless)."""
        self._whole()
        rows = []
        for path, x in self.all_findings():
            record = {"path": path, "rule": x.rule, "sheet": x.sheet, "cell": x.cell,
                      "severity": x.severity, "expected": x.expected, "actual": x.actual,
                      "message": x.message()}
            rows.append([record[k] for k in keys])
        return rows

    def to_json(self, lang: str = "zh") -> dict:
        self._whole()

        def finding(x: Finding) -> dict:
            return {"rule": x.rule, "severity": x.severity, "sheet": x.sheet, "cell": x.cell,
                    "message": x.message(lang), "expected": x.expected, "actual": x.actual,
                    "form": x.form, "suppressed": _suppressed(x)}

        unused = self.unused_suppressions()
        return {
            "version": 1,
            "files": [{
                "path": f.path,
                "error": {"rule": f.error.rule, "message": f.error.message(lang)} if f.error else None,
                "forms": [i.to_json() for i in f.forms],
                "findings": [finding(x) for x in f.findings],
            } for f in self.files],
            "summary": self.summary(),
        } | ({"unused_suppressions": unused} if unused else {})  # additive: only when some matched nothing

    def to_sarif(self, lang: str = "zh") -> dict:
        self._whole()
        rules = load_all()
        results = []
        for path, x in self.all_findings():
            where = "!".join(p for p in (x.sheet, x.cell) if p)
            result = {"ruleId": x.rule, "level": "error" if x.severity == "error" else "warning",
                      "message": {"text": x.message(lang)},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}}}]}
            if where:
                result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": where, "kind": "cell"}]
            if x.suppressed is not None:
                result["suppressions"] = [{"kind": x.suppressed.get("kind", "external"),
                                           "justification": x.suppressed.get("reason", "")}]
            results.append(result)
        # no informationUri: perfxl has no public home yet (it is not on PyPI; that address was wrong)
        driver = {"name": "perfxl", "version": __version__,
                  "rules": [{"id": code, "shortDescription": {"text": r.message_en},
                             "fullDescription": {"text": r.message + "\n" + r.explanation},
                             "defaultConfiguration": {"level": "error" if r.severity == "error" else "warning"}}
                            for code, r in rules.items()]}
        return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
                "runs": [{"tool": {"driver": driver}, "results": results,
                          "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
                              _notification(u, lang) for u in self.unused_suppressions()]}]}]}


def _suppressed(x: Finding) -> dict | None:
    """The JSON contract's `suppressed`: null, or {"reason": …} (how it was suppressed is SARIF's)."""
    return None if x.suppressed is None else {"reason": x.suppressed.get("reason", "")}


def unused_text(u: dict, lang: str = "zh") -> str:
    """One suppression that matched nothing, said for people."""
    from ..i18n import msg

    where = "!".join(p for p in (u.get("sheet"), u.get("cell")) if p)
    key = "suppress_unused_comment" if u.get("source") == "comment" else "suppress_unused_file"
    return msg(key, where=where or "—", rules=",".join(u.get("rules", ())), origin=u.get("origin", ""),
               reason=u.get("reason", "")).render(lang)


def _notification(u: dict, lang: str) -> dict:
    out: dict = {"level": "warning", "message": {"text": unused_text(u, lang)}}
    if u.get("path"):
        loc: dict = {"physicalLocation": {"artifactLocation": {"uri": u["path"]}}}
        where = "!".join(p for p in (u.get("sheet"), u.get("cell")) if p)
        if where:
            loc["logicalLocations"] = [{"fullyQualifiedName": where, "kind": "cell"}]
        out["locations"] = [loc]
    return out

