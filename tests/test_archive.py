"""The summary's hand-written zip: what zipfile and a strict reader make of it, its long parts
deflated in segments by threads and joined into one stream, and zip64 where sizes call for it."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import pytest

from perfxl.consolidate import archive
from perfxl.consolidate.archive import Package


def _xml_rows(n: int, seed: int = 1) -> list[bytes]:
    rnd = random.Random(seed)
    return [f'<row><c t="inlineStr"><is><t>县区{rnd.randrange(999)}</t></is></c><c><v>{rnd.random()}</v></c></row>'
            .encode() for _ in range(n)]


def _written(parts: list[tuple[str, object]], threads: int = 2) -> bytes:
    fh = io.BytesIO()
    with Package(fh, threads) as zf:
        for name, data in parts:
            if isinstance(data, list):
                zf.stream(name, iter(data))
            else:
                zf.writestr(name, data)
    return fh.getvalue()


def test_parts_read_back_whole_and_checked(monkeypatch):
    monkeypatch.setattr(archive, "SEGMENT", 4096)   # many segments, deflated out of order by the threads
    rows = _xml_rows(3000)
    data = _written([("a.xml", "<a>短</a>"), ("xl/worksheets/sheet1.xml", rows), ("b.xml", b"")])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None    # every CRC
        assert zf.namelist() == ["a.xml", "xl/worksheets/sheet1.xml", "b.xml"]
        assert zf.read("a.xml") == "<a>短</a>".encode()
        assert zf.read("xl/worksheets/sheet1.xml") == b"".join(rows)
        assert zf.read("b.xml") == b""
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < info.file_size // 3
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_the_joined_segments_are_one_deflate_stream(monkeypatch):
    """Each segment ends on a byte boundary, not a final block: one inflater reads them all, and
    nothing follows the empty final block."""
    monkeypatch.setattr(archive, "SEGMENT", 1000)
    rows = _xml_rows(500, seed=2)
    data = _written([("s.xml", rows)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("s.xml")
    start = info.header_offset + 30 + len("s.xml") + 20     # the local header and its zip64 extra
    inflater = zlib.decompressobj(-15)
    assert inflater.decompress(data[start:start + info.compress_size]) == b"".join(rows)
    assert inflater.eof and not inflater.unused_data


def test_the_same_parts_give_the_same_bytes_whatever_the_threads(monkeypatch):
    monkeypatch.setattr(archive, "SEGMENT", 2048)
    rows = _xml_rows(2000, seed=3)
    assert _written([("s.xml", rows)], threads=1) == _written([("s.xml", rows)], threads=4)


def test_zip64_where_a_size_or_offset_would_not_fit(monkeypatch):
    """Sizes and offsets from ZIP64_FROM on are zip64's, as a city's summary beyond 4 GB would need;
    a reader finds each part where the directory says it is."""
    monkeypatch.setattr(archive, "ZIP64_FROM", 5000)
    monkeypatch.setattr(archive, "SEGMENT", 4096)
    rows = _xml_rows(400, seed=4)
    big = b"".join(rows)
    data = _written([("one.xml", "x" * 6000), ("big.xml", rows), ("after.xml", "<after/>")])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert [zf.read(n) for n in ("one.xml", "big.xml", "after.xml")] == [b"x" * 6000, big, b"<after/>"]
        assert zf.getinfo("after.xml").header_offset >= 5000
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data   # zip64's end records: the directory starts late


def test_a_name_not_in_ascii_says_it_is_utf8():
    data = _written([("汇总.xml", "<a/>")])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["汇总.xml"] and zf.getinfo("汇总.xml").flag_bits & 0x800


def test_a_failure_while_streaming_stops_the_threads_and_writes_no_directory():
    def rows():
        yield b"<row/>" * 1000
        raise OSError("disk full")

    fh = io.BytesIO()
    with pytest.raises(OSError), Package(fh, 2) as zf:
        zf.stream("s.xml", rows())
    assert b"PK\x05\x06" not in fh.getvalue()   # not a zip a reader would take for whole


def test_where_no_thread_can_start_the_segments_deflate_here(monkeypatch):
    """Pyodide (the browser, xlwings Lite) starts no thread: the same bytes, deflated in this one."""
    monkeypatch.setattr(archive, "SEGMENT", 2048)
    rows = _xml_rows(1000, seed=5)

    def refused(*args, **kwargs):
        raise RuntimeError("can't start new thread")

    expected = _written([("s.xml", rows)], threads=1)
    monkeypatch.setattr(archive.ThreadPoolExecutor, "submit", refused)
    assert _written([("s.xml", rows)], threads=2) == expected


def test_a_part_streamed_from_nothing_is_empty():
    data = _written([("empty.xml", [])])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None and zf.read("empty.xml") == b""
