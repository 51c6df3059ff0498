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
from .columns import INDICATOR_COLUMNS, ISSUE_COLUMNS, SUMMARY_COLUMNS, UNIT_COLUMNS, Column
from .spool import Reader
from .tables import Tables

BATCH = 20_000   # rows a DataFrame holds: the long tables are written a batch at a time


def _frames(rows, columns: tuple[Column, ...]):
    """Rows as DataFrames of up to BATCH rows, in order, under the columns' headers (at least one,
    so an empty table still gets its header)."""
    import pandas as pd  # the exports alone need it

    keys, headers = [c.key for c in columns], {c.key: c.header for c in columns}
    whole = [c.key for c in columns if c.type == "int"]

    def frame(batch: list[tuple]):
        df = pd.DataFrame.from_records(batch, columns=keys)
        for key in whole:   # 2022, not 2022.0 where a batch has an empty one; an empty cell stays empty
            df[key] = df[key].astype("Int64")
        return df.rename(columns=headers)

    batch: list[tuple] = []
    sent = False
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield frame(batch)
            batch, sent = [], True
    if batch or not sent:
        yield frame(batch)


def _detail_rows(t: Tables, spool: Reader, which: int):
    """指标明细 (which=0) or 问题清单 (which=1) rows, in order, from the data the workers spooled."""

    @lru_cache(maxsize=64)  # a file's forms are often neighbours in the summary's order
    def load(name: str, span: tuple) -> tuple:
        return pickle.loads(spool.read(name, span))

    if which == 0:
        groups = (load(form.spool, form.data)[0][form.ri] for form in t.store.placed())
    else:
        groups = chain((load(p.name, p.data)[1] for p in t.store.parts()), [t.rollup_issues])
    return chain.from_iterable(groups)


def _csv_safe(df):
    # Text from forms must not run as a formula when the CSV is opened in Excel.
    return df.apply(lambda col: col.map(lambda v: "'" + v if isinstance(v, str) and v and v[0] in "=+-@" else v))


def export(t: Tables, fmt: str, targets: list[tuple[str, Path]], spool: Reader) -> None:
    """The four tables as CSV or Parquet files, streamed a batch at a time."""
    tables = {"汇总": (lambda: t.summary, SUMMARY_COLUMNS), "按县区": (lambda: t.units, UNIT_COLUMNS),
              "指标明细": (lambda: _detail_rows(t, spool, 0), INDICATOR_COLUMNS),
              "问题清单": (lambda: _detail_rows(t, spool, 1), ISSUE_COLUMNS)}
    for name, path in targets:
        rows, columns = tables[name]
        write_atomic(path, lambda tmp, rows=rows, columns=columns: _write_frames(tmp, _frames(rows(), columns),
                                                                                 fmt, columns))


_ARROW = {"text": "string", "float": "float64", "int": "int64", "bool": "bool_"}


def _write_frames(path: Path, frames, fmt: str, columns: tuple[Column, ...]) -> None:
    if fmt == "csv":
        for i, df in enumerate(frames):
            _csv_safe(df).to_csv(path, index=False, mode="w" if i == 0 else "a", header=i == 0,
                                 encoding="utf-8-sig" if i == 0 else "utf-8")
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    # each column's type from its definition, not from the first batch: a column that batch holds
    # empty (a city's first 20,000 indicator rows without a number) would be text, and the later
    # numbers would not fit it
    schema = pa.schema([(c.header, getattr(pa, _ARROW[c.type])()) for c in columns])
    writer = None
    try:
        for df in frames:
            table = pa.Table.from_pandas(df, preserve_index=False, schema=schema).replace_schema_metadata()
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def needs_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(msg("needs_pyarrow")) from None
