"""Generate hand-made-looking 绩效自评表 workbooks with injected errors and their answer key (CLI too)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

from openpyxl import Workbook

from . import pools
from .build import build_form
from .check import check_units
from .layout import write_form
from .model import Form, Table
from .structure import REGISTRY, apply, apply_benign
from .tables import build_table, inject_table, write_table

FIXED = dt.datetime(2024, 1, 1)
KEY_NAME, MANIFEST_NAME = "answer_key.json", "corpus_manifest.json"
TABLE_RULES = {"score_table": ["PX115", "PX116", "PX117"], "summary": ["PX116", "PX117"]}


def _choose(rng: random.Random, rules: list, counts: Counter) -> str:
    """A rule, favouring those injected least so far."""
    weights = [1 / (1 + counts[r]) ** 2 for r in rules]
    return rng.choices(rules, weights)[0]


def _inject(rng: random.Random, item, ctx: dict, counts: Counter) -> None:
    """About half the forms get one or two injected errors; some clean ones a correctly handled deviation."""
    if rng.random() >= (0.6 if isinstance(item, Table) else 0.5):
        if isinstance(item, Form) and rng.random() < 0.35 and apply_benign(rng, item):
            item.status = "benign"
        return
    wanted = 1 if rng.random() < 0.65 else 2
    rules = list(TABLE_RULES[item.kind] if isinstance(item, Table) else REGISTRY[item.kind])
    tried: list = []
    for _ in range(8):
        if len(item.injections) >= wanted or len(tried) == len(rules):
            break
        rule = _choose(rng, [r for r in rules if r not in tried], counts)
        tried.append(rule)
        if rule == "PX303" and item.injections:
            continue
        ok = inject_table(rng, item, rule) if isinstance(item, Table) else apply(rng, item, ctx, rule)
        if ok:
            counts[rule] += 1
    if item.injections:
        item.status = "injected"


def _plan(rng: random.Random) -> tuple[list, list]:
    """Form kinds and extra sheets of one workbook."""
    v = rng.random()
    if v < 0.55:
        kinds = ["project"] * rng.randint(1, 6)
    elif v < 0.7:
        kinds = ["transfer"] * rng.randint(1, 4)
    elif v < 0.86:
        kinds = ["department"] + ["project"] * rng.randint(0, 3)
    else:
        kinds = ["project"] * rng.randint(1, 3) + ["transfer"] + (["department"] if rng.random() < 0.5 else [])
    extras = [x for x, p in (("score_table", 0.35), ("summary", 0.2), ("项目清单", 0.25), ("填报说明", 0.12))
              if rng.random() < p]
    return kinds, extras


def _context(rng: random.Random, kinds: list) -> dict:
    place = rng.choice(pools.PLACES)
    body = rng.choice(pools.UNITS)
    unit = place + body
    ctx = {"place": place, "unit_body": body, "unit": unit, "dept": unit,
           "non_transfer": sum(k != "transfer" for k in kinds)}
    if "department" not in kinds and rng.random() < 0.4:
        code = rng.randint(10, 99)
        ctx["dept"], ctx["unit"] = f"0{code}-{unit}", f"0{code}001-{unit}"
    return ctx


def _file_name(kinds: list, ctx: dict, year: int, used: set) -> str:
    unit, place = ctx["dept"].split("-")[-1], ctx["place"]
    if set(kinds) == {"transfer"}:
        base = f"{place}{year}年度转移支付区域绩效目标自评表"
    elif kinds[0] == "department" and len(kinds) == 1:
        base = f"{unit}{year}年度部门整体支出绩效自评表"
    elif len(set(kinds)) > 1:
        base = f"{unit}{year}年度绩效自评表汇总"
    else:
        base = f"{unit}{year}年度项目支出绩效自评表"
    name, k = base + ".xlsx", 2
    while name in used:
        name, k = f"{base}（{k}）.xlsx", k + 1
    used.add(name)
    return name


def _sheet_name(style: str, k: int, name: str, used: set) -> str:
    raw = {"seq": f"{k}-{name}", "sheet": f"Sheet{k}", "plain": name, "table": f"表{k}"}[style]
    raw = re.sub(r"[\[\]:*?/\\]", "", raw)[:31]
    out, n = raw, 2
    while out in used:
        out, n = f"{raw[:28]}({n})", n + 1
    used.add(out)
    return out


def _project_list(ws, unit: str, year: int, names: list) -> None:
    ws.cell(1, 1, f"{unit}{year}年度绩效自评项目清单")
    ws.merge_cells("A1:B1")
    ws.cell(2, 1, "序号")
    ws.cell(2, 2, "项目名称")
    for k, name in enumerate(names, start=1):
        ws.cell(2 + k, 1, k)
        ws.cell(2 + k, 2, name)


def _notes(ws) -> None:
    for k, line in enumerate(["填报说明", "1. 金额单位为万元，保留两位小数。", "2. 未完成的指标须逐条填写偏差原因。",
                              "3. 表中分值、得分请填写数字。"], start=1):
        ws.cell(k, 1, line)


def _save(wb: Workbook, path: Path) -> None:
    wb.properties.creator = "perfxl corpus"
    wb.properties.created = wb.properties.modified = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(normalized(buf.getvalue()))


def normalized(data: bytes) -> bytes:
    """The xlsx with fixed zip times and core.xml stamps, so a seed gives identical bytes."""
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>",
                              body)
            zi = zipfile.ZipInfo(info.filename, FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, body)
    return out.getvalue()


def _validate_units(forms: list, ctx: dict) -> None:
    """PX304 is decided over the whole workbook: undo an injection the model check does not confirm."""
    for _ in range(2):
        definite, amb = check_units(forms, ctx["place"])
        declared = {n: {a for r, a in f.declared if r == "PX304"} for n, f in enumerate(forms) if isinstance(f, Form)}
        declared = {n: s for n, s in declared.items() if s}
        if not amb and definite == declared:
            return
        for f in forms:
            if isinstance(f, Form) and "unit_revert" in f.over:
                k, value = f.over.pop("unit_revert")
                f.fields[k] = value
                f.declared = [d for d in f.declared if d[0] != "PX304"]
                f.injections.remove("PX304")
                f.status = "injected" if f.injections else "clean"
    raise AssertionError(f"unit fields inconsistent in a {ctx['place']} workbook")


def _workbook(rng: random.Random, outdir: Path, counts: Counter, used: set) -> tuple[list, dict]:
    kinds, extras = _plan(rng)
    ctx, year = _context(rng, kinds), rng.choice([2022, 2023])
    fname = _file_name(kinds, ctx, year, used)
    names = rng.sample(pools.PROJECTS, len(kinds))
    transfers = rng.sample(pools.TRANSFERS, min(len(pools.TRANSFERS), kinds.count("transfer")))
    items: list = []
    for kind, name in zip(kinds, names):
        items.append(build_form(rng, kind, ctx, transfers.pop() if kind == "transfer" else name))
    for extra in ("score_table", "summary"):
        if extra in extras:
            items.append(build_table(rng, extra, names[0]))
    for item in items:
        _inject(rng, item, ctx, counts)
    _validate_units(items, ctx)
    wb, sheets_used, style = Workbook(), set(), rng.choice(["seq", "seq", "sheet", "plain", "table"])
    wb.remove(wb.active)
    lists = [x for x in extras if x in ("项目清单", "填报说明")]
    if "项目清单" in lists and rng.random() < 0.7:
        _project_list(wb.create_sheet(_sheet_name("plain", 0, "项目清单", sheets_used)), ctx["dept"].split("-")[-1],
                      year, names)
        lists.remove("项目清单")
    key, forms = [], []
    for k, item in enumerate(items, start=1):
        if isinstance(item, Table):
            item.sheet = _sheet_name("plain", k, rng.choice(["评价评分表", "绩效评价", "评分情况"]), sheets_used)
            anchors = write_table(wb.create_sheet(item.sheet), item, rng)
        else:
            label = item.fields.get("项目名称") or names[k - 1]
            item.sheet = _sheet_name(style if item.kind != "department" else "plain", k,
                                     label if item.kind != "department" else "部门整体支出绩效自评表", sheets_used)
            anchors = write_form(wb.create_sheet(item.sheet), item, rng, year)
        for rule, anchor in item.declared:
            key.append({"file": fname, "sheet": item.sheet, "rule": rule, "cell": anchors[anchor]})
        forms.append({"sheet": item.sheet, "kind": item.kind, "status": item.status, "injections": item.injections,
                      "anchors": anchors})
    for extra in lists:
        ws = wb.create_sheet(_sheet_name("plain", 0, extra, sheets_used))
        _project_list(ws, ctx["dept"].split("-")[-1], year, names) if extra == "项目清单" else _notes(ws)
    _save(wb, outdir / fname)
    return key, {"file": fname, "place": ctx["place"], "forms": forms}


def _bad_files(rng: random.Random, outdir: Path, used: set, sample: Path | None) -> tuple[list, list]:
    place, year = rng.choice(pools.PLACES), rng.choice([2022, 2023])
    base = f"{place}医疗保障局{year}年度项目支出绩效自评表"
    files = {f"{base}（文本）.xlsx": "项目名称,主管部门,实施单位\n医疗保障专项经费,,\n".encode(),
             f"{base}（损坏）.xlsx": (sample.read_bytes() if sample else b"PK\x03\x04" * 64)[:700],
             f"{base}（空）.xlsx": b"",
             f"~${base}.xlsx": b"\x05zhang" + b" " * 49 + b"\x05\x00z\x00h\x00a\x00n\x00g\x00" + b"\x00" * 40}
    key, manifest = [], []
    for name, data in files.items():
        (outdir / name).write_bytes(data)
        key.append({"file": name, "sheet": None, "rule": "PX001", "cell": None})
        manifest.append({"file": name, "place": place, "forms": [], "special": "PX001"})
    name = f"{place}医疗保障局{year}年度绩效自评项目清单.xlsx"
    wb = Workbook()
    wb.active.title = "项目清单"
    _project_list(wb.active, place + "医疗保障局", year, rng.sample(pools.PROJECTS, 5))
    _notes(wb.create_sheet("填报说明"))
    _save(wb, outdir / name)
    key.append({"file": name, "sheet": None, "rule": "PX002", "cell": None})
    manifest.append({"file": name, "place": place, "forms": [], "special": "PX002"})
    used.update(files, {name})
    return key, manifest


def generate_corpus(outdir: Path, n_workbooks: int, seed: int) -> list[dict]:
    """Write n_workbooks workbooks plus five unreadable/formless files; return and write the answer key."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng, counts, used = random.Random(seed), Counter(), set()
    key, manifest = [], []
    for _ in range(n_workbooks):
        k, m = _workbook(rng, outdir, counts, used)
        key += k
        manifest.append(m)
    sample = outdir / manifest[0]["file"] if manifest else None
    k, m = _bad_files(rng, outdir, used, sample)
    key += k
    manifest += m
    for name, data in ((KEY_NAME, key), (MANIFEST_NAME, manifest)):
        (outdir / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return key


def summary(outdir: Path) -> str:
    """Counts of a written corpus: files, forms by kind and status, answer-key entries by rule."""
    manifest = json.loads((Path(outdir) / MANIFEST_NAME).read_text(encoding="utf-8"))
    key = json.loads((Path(outdir) / KEY_NAME).read_text(encoding="utf-8"))
    forms = [f for m in manifest for f in m["forms"]]
    table = Counter((f["kind"], f["status"]) for f in forms)
    rules = Counter(e["rule"] for e in key)
    special = Counter(m.get("special") for m in manifest if m.get("special"))
    lines = [f"{len(manifest)} files ({len(manifest) - sum(special.values())} workbooks with forms, "
             f"{special['PX001']} unreadable, {special['PX002']} without a form), {len(forms)} forms/tables"]
    for kind in ("project", "transfer", "department", "score_table", "summary"):
        n = {s: table[kind, s] for s in ("clean", "benign", "injected")}
        lines.append(f"  {kind:<11} {sum(n.values()):>4}: clean {n['clean']}, clean with a handled deviation "
                     f"{n['benign']}, injected {n['injected']}")
    lines.append(f"{len(key)} answer-key entries: " + ", ".join(f"{r} {rules[r]}" for r in sorted(rules)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.generate",
                                     description="Generate the lint measuring corpus and its answer key.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=50, help="number of workbooks (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate_corpus(args.outdir, args.n, args.seed)
    print(summary(args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
