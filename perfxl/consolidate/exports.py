"""The summary's tables as CSV or Parquet files beside the workbook (--format csv/parquet): pandas
and pyarrow are loaded here, for these formats alone."""

from __future__ import annotations

import pickle
from functools import lru_cache
from itertools import chain
from pathlib import Path

from ..atomic import write_atomic
from ..errors import InputError
from ..i18n import msg
from .columns import INDICATORS, ISSUES, SUMMARY, UNIT_HEADERS
from .spool import Reader
from .tables import Tables


def _detail_frames(t: Tables, spool: Reader, which: int, columns: dict, batch: int = 20000):
    """指标明细 (which=0) or 问题清单 (which=1) as DataFrames of up to `batch` rows, in order
    (at least one, so an empty table still gets its header)."""

    import pandas as pd  # the exports alone need it

    @lru_cache(maxsize=64)  # a file's forms are often neighbours in the summary's order
    def load(name: str, span: tuple) -> tuple:
        return pickle.loads(spool.read(name, span))

    if which == 0:
        groups = (load(form.spool, form.data)[0][form.ri] for form in t.store.placed())
    else:
        groups = chain((load(p.name, p.data)[1] for p in t.store.parts()), [t.rollup_issues])
    rows: list[tuple] = []
    sent = False
    for group in groups:
        rows += group
        if len(rows) >= batch:
            yield pd.DataFrame.from_records(rows, columns=list(columns)).rename(columns=columns)
            rows, sent = [], True
    if rows or not sent:
        yield pd.DataFrame.from_records(rows, columns=list(columns)).rename(columns=columns)


def _csv_safe(df):
    # Text from forms must not run as a formula when the CSV is opened in Excel.
    return df.apply(lambda col: col.map(lambda v: "'" + v if isinstance(v, str) and v and v[0] in "=+-@" else v))


def export(t: Tables, fmt: str, targets: list[tuple[str, Path]], spool: Reader) -> None:
    """The four tables as CSV or Parquet files; the long two streamed in batches."""
    frames = {"汇总": lambda: [t.summary.frame().rename(columns=SUMMARY)],
              "按县区": lambda: [t.units.frame().rename(columns=UNIT_HEADERS)],
              "指标明细": lambda: _detail_frames(t, spool, 0, INDICATORS),
              "问题清单": lambda: _detail_frames(t, spool, 1, ISSUES)}
    for name, path in targets:
        write_atomic(path, lambda tmp, make=frames[name]: _write_frames(tmp, make(), fmt))


def _write_frames(path: Path, frames, fmt: str) -> None:
    if fmt == "csv":
        for i, df in enumerate(frames):
            _csv_safe(df).to_csv(path, index=False, mode="w" if i == 0 else "a", header=i == 0,
                                 encoding="utf-8-sig" if i == 0 else "utf-8")
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = schema = None
    try:
        for df in frames:
            table = pa.Table.from_pandas(df, preserve_index=False, schema=schema)
            if writer is None:
                # Types are those of the first batch, widened where it held only empty cells.
                schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f
                                    for f in table.schema]).remove_metadata()
                table = table.cast(schema)
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def needs_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(msg("needs_pyarrow")) from None
