"""Every `perfxl lint --format json` output validates against docs/lint-output.schema.json, and json.md documents it."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from perfxl.cli import main
from tests.corpus.generate import generate_corpus

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "docs" / "lint-output.schema.json"
JSON_DOC = ROOT / "docs" / "json.md"
EXAMPLES_DIR = ROOT / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.xlsx"))
JINZHAI = EXAMPLES_DIR / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)  # a malformed schema would accept anything
    return Draft202012Validator(schema)


def problems(validator: Draft202012Validator, doc) -> list[str]:
    """Every violation with its JSON path, so one failure shows all that is wrong at once."""
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


def expected_exit(doc: dict) -> int:
    """The exit status json.md promises for a report: 2 unreadable file, 1 unsuppressed error, else 0."""
    if any(f["error"] is not None for f in doc["files"]):
        return 2
    live = [x for f in doc["files"] for x in f["findings"] if x.get("suppressed") is None]
    return 1 if any(x["severity"] == "error" for x in live) else 0


def check_consistency(doc: dict) -> None:
    """What the schema cannot say: summary counts and `form` indexes agree with the entries."""
    files = doc["files"]
    live = [x for f in files for x in f["findings"] if x.get("suppressed") is None]
    assert doc["summary"] == {
        "files": len(files),
        "forms": sum(len(f["forms"]) for f in files),
        "errors": sum(f["error"] is not None for f in files) + sum(x["severity"] == "error" for x in live),
        "warnings": sum(x["severity"] == "warning" for x in live),
    }
    for f in files:
        for x in f["findings"]:
            assert x.get("form") is None or x["form"] < len(f["forms"]), (f["path"], x)


def lint_json(validator: Draft202012Validator, *args: str | Path) -> dict:
    """Run the real CLI, parse its stdout, and hold it to the schema, the summary and the exit status."""
    result = CliRunner().invoke(main, ["lint", *map(str, args), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.stdout)  # stdout only: anything on it besides the JSON breaks readers
    assert problems(validator, doc) == []
    check_consistency(doc)
    assert result.exit_code == expected_exit(doc)
    return doc


@pytest.mark.parametrize("workbook", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_example_workbook_matches_the_schema(validator, workbook):
    doc = lint_json(validator, workbook)
    assert [f["path"] for f in doc["files"]] == [str(workbook)]


def test_examples_folder_in_one_call_matches_the_schema(validator):
    doc = lint_json(validator, EXAMPLES_DIR)
    assert {Path(f["path"]) for f in doc["files"]} >= set(EXAMPLES)
    kinds = {form["kind"] for f in doc["files"] for form in f["forms"]}
    assert kinds == {"project", "transfer", "department", "score_table"}  # every kind is exercised


def test_english_messages_match_the_schema(validator, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    doc = lint_json(validator, EXAMPLES_DIR, bad, "--lang", "en")
    assert doc["files"][-1]["error"]["rule"] == "PX001"


@pytest.mark.parametrize("options", [
    ["--scoring", "all_or_nothing"],
    ["--select", "PX1,PX2"],
    ["--ignore", "PX1"],
    ["--select", "PX5"],  # roll-up rules only: no findings is still a valid report (PX999 is exit 2, #13)
])
def test_scoring_and_selection_options_match_the_schema(validator, options):
    lint_json(validator, JINZHAI, *options)


@pytest.mark.parametrize("kind", ["project", "transfer", "department"])
def test_generated_blank_form_matches_the_schema(validator, tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    made = CliRunner().invoke(main, ["new", "--blank", kind, "-o", str(out)])
    assert made.exit_code == 0, made.output
    doc = lint_json(validator, out)
    assert doc["files"][0]["error"] is None


def test_unreadable_file_reports_px001_in_the_schema(validator, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("this is a text file, not a workbook", encoding="utf-8")
    doc = lint_json(validator, bad)
    assert doc["files"][0]["error"]["rule"] == "PX001"
    # With PX001 deselected the file yields nothing, and that report must validate too.
    quiet = lint_json(validator, bad, "--select", "PX2")
    assert quiet["files"][0]["error"] is None


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """Hand-made-looking workbooks from the lint corpus generator, with its unreadable and formless files."""
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, 12, 5)
    return out


def test_corpus_folder_matches_the_schema(validator, corpus_dir):
    doc = lint_json(validator, corpus_dir)
    assert any(f["error"] for f in doc["files"])  # the generator's broken files are in the run
    assert sum(len(f["findings"]) for f in doc["files"]) > 0


# --- the schema bites: broken documents are rejected --------------------------------------------------
def doc_example() -> dict:
    """The example report in json.md (its first ```json block)."""
    block = re.search(r"```json\n(.*?)\n```", JSON_DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert block, "docs/json.md lost its example"
    return json.loads(block.group(1))


def test_json_md_example_matches_the_schema(validator):
    doc = doc_example()
    assert problems(validator, doc) == []
    check_consistency(doc)


def _at(doc, path: list):
    """The object at a path of keys and indexes inside a document."""
    for step in path:
        doc = doc[step]
    return doc


def _drop(path: list, key: str):
    def mutate(doc):
        del _at(doc, path)[key]
    return mutate


def _set(path: list, key: str, value):
    def mutate(doc):
        _at(doc, path)[key] = value
    return mutate


FORM, FINDING, SUPPRESSED = ["files", 0, "forms", 0], ["files", 0, "findings", 0], ["files", 0, "findings", 1]
BROKEN = {
    "no version": _drop([], "version"),
    "no summary": _drop([], "summary"),
    "file without path": _drop(["files", 0], "path"),
    "form without kind": _drop(FORM, "kind"),
    "form without year": _drop(FORM, "year"),
    "form without total_source": _drop(FORM, "total_source"),
    "finding without rule": _drop(FINDING, "rule"),
    "finding without form": _drop(FINDING, "form"),
    "finding without suppressed": _drop(FINDING, "suppressed"),
    "summary without warnings": _drop(["summary"], "warnings"),
    "unknown top-level field": _set([], "generated_at", "2024-01-01"),
    "unknown file field": _set(["files", 0], "size", 1024),
    "unknown form field": _set(FORM, "foo", 1),
    "unknown finding field": _set(FINDING, "hint", "look here"),
    "unknown suppression field": _set([*SUPPRESSED, "suppressed"], "by", "王塔"),
    "unknown summary field": _set(["summary"], "skipped", 0),
    "unknown error field": _set(["files", 1, "error"], "detail", "zip"),
    "version 2": _set([], "version", 2),
    "kind foo": _set(FORM, "kind", "foo"),
    "severity info": _set(FINDING, "severity", "info"),
    "rule PX12": _set(FINDING, "rule", "PX12"),
    "rule px102": _set(FINDING, "rule", "px102"),
    "total_source guessed": _set(FORM, "total_source", "guessed"),
    "grade_source empty": _set(FORM, "grade_source", ""),
    "year as text": _set(FORM, "year", "2022"),
    "scored null": _set(FORM, "scored", None),
    "rate as text": _set(FORM, "rate", "105.68%"),
    "negative form index": _set(FINDING, "form", -1),
    "suppressed as text": _set(FINDING, "suppressed", "accepted"),
    "suppression without reason": _set(FINDING, "suppressed", {}),
    "error rule PX002": _set(["files", 1, "error"], "rule", "PX002"),
    "error as text": _set(["files", 1], "error", "cannot read"),
    "forms not a list": _set(["files", 0], "forms", {}),
    "negative summary count": _set(["summary"], "errors", -1),
}


@pytest.mark.parametrize("mutate", BROKEN.values(), ids=BROKEN.keys())
def test_schema_rejects_a_broken_document(validator, mutate):
    doc = copy.deepcopy(doc_example())
    mutate(doc)
    assert problems(validator, doc), "the schema accepted a document that breaks the contract"


# --- doc and schema cannot drift ----------------------------------------------------------------------
def schema_property_names(node) -> set[str]:
    """Every name under a `properties` keyword anywhere in the schema."""
    names: set[str] = set()
    if isinstance(node, dict):
        names |= set(node.get("properties", {}))
        for value in node.values():
            names |= schema_property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= schema_property_names(value)
    return names


def test_json_md_names_every_schema_property():
    text = JSON_DOC.read_text(encoding="utf-8")
    names = schema_property_names(load_schema())
    assert len(names) > 25  # the walk found the nested objects, not just the top level
    # Backquoted, as the field tables write them: a bare word like "form" or "rate" proves nothing.
    missing = sorted(n for n in names if f"`{n}`" not in text)
    assert missing == [], f"docs/json.md does not document: {missing}"
