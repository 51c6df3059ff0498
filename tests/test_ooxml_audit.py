"""Every kind of workbook perfxl writes passes the OOXML schema check of openxml-audit (the Open XML
SDK's rules, which Excel follows and LibreOffice does not ask for)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity

from perfxl.cli import main

ROOT = Path(__file__).resolve().parents[1]
JINZHAI = ROOT / "examples" / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"


def run(*args) -> None:
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code in (0, 1), res.output  # 1: findings, which the examples have


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, list[Path]]:
    """What each command writes, from the bundled examples."""
    out = tmp_path_factory.mktemp("written")
    run("templates", "-o", out / "templates")
    run("new", ROOT / "examples" / "roster.xlsx", "-o", out / "new")
    for kind in ("project", "transfer", "department"):
        run("new", "--blank", kind, "-o", out / "blank" / f"{kind}.xlsx")
    run("lint", JINZHAI, "--annotate", out / "annotate" / "标注.xlsx")
    run("fix", JINZHAI, "-o", out / "fix" / "fixed.xlsx")
    inbox = out / "inbox"
    shutil.copytree(ROOT / "examples", inbox, ignore=shutil.ignore_patterns("*.py", "*.csv", "*.json", "*.md",
                                                                              "source", "roster.xlsx"))
    run("consolidate", inbox, "-o", out / "consolidate" / "汇总.xlsx", "--feedback", out / "feedback")
    run("excel-addin", "-o", out / "addin", "--no-wheels")
    found = {}
    for name in ("templates", "new", "blank", "annotate", "fix", "consolidate", "feedback", "addin"):
        found[name] = sorted(p for p in (out / name).rglob("*") if p.suffix in (".xlsx", ".xlsm"))
    return found


KINDS = ["templates", "new", "blank", "annotate", "fix", "consolidate", "feedback", "addin"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_workbook_perfxl_writes_passes_the_schema_check(written, kind):
    assert written[kind], f"{kind}: nothing written"
    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365)
    problems = []
    for path in written[kind]:
        result = validator.validate(str(path))
        problems += [f"{path.name}: {e.description} ({e.path})" for e in result.errors
                     if e.severity == ValidationSeverity.ERROR]
    assert not problems, "\n".join(problems[:20])


def test_the_check_finds_what_openpyxl_writes_unordered(tmp_path):
    """The check is not vacuous: a font written in openpyxl's own order is an error."""
    import zipfile

    src = next(iter(sorted((ROOT / "workbook_templates").glob("*.xlsx"))))
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(b"<font><b", b"<font><name val=\"x\"/><b", 1)
            zout.writestr(info, data)
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365).validate(str(bad))
    assert any(e.severity == ValidationSeverity.ERROR for e in result.errors)
