"""The summary's zip package, written by hand so its long sheets deflate on every core at once.

zipfile deflates a part in one thread: a city's 指标明细 is tens of MB of XML, and deflating it
was most of the time the summary took to write, with the workers done and the other cores idle.
Here a streamed part is cut into segments, each deflated in a thread of its own (zlib lets go of
the interpreter while it works) and ended on a byte boundary (a sync flush), so the segments join
into one deflate stream, closed by an empty final block (as pigz does)."""

from __future__ import annotations

import os
import struct
import sys
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from ..zipparts import CENTRAL_HEADER, DATE_1980, END_RECORD, LOCAL_HEADER

LEVEL = 1                     # the long tables are repetitive XML: level 1 deflates them nearly as small
SEGMENT = 1 << 20             # bytes of XML a thread deflates at a time
_FINAL = b"\x03\x00"          # an empty final block (fixed codes): the end of the joined stream
_ZIP64_EXTRA = struct.Struct("<2H2Q")          # the sizes, in a local header
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR = struct.Struct("<4sLQL")
_FULL = 0xFFFFFFFF             # a plain zip's field saying "see zip64's"
ZIP64_FROM = _FULL             # a size or offset from which zip64's fields hold it
_MODE, _UNIX = 0o600 << 16, 3 << 8   # -rw-------, as zipfile writes, and the system whose modes those are


class Package:
    """A zip being written to a seekable file: parts whole (writestr) or streamed (stream), then close().

    threads: deflating at once (default: the cores; one, in this thread, where there are no
    threads to start, as in Pyodide)."""

    def __init__(self, fh, threads: int | None = None):
        self.fh, self.entries = fh, []   # (name, crc, packed, size, offset, zip64)
        cores = 1 if sys.platform == "emscripten" else os.cpu_count() or 1
        self.threads = max(1, threads if threads is not None else cores)
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> Package:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is None:
                self.close()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)

    def writestr(self, name: str, data: str | bytes) -> None:
        data = data.encode("utf-8") if isinstance(data, str) else data
        packed, crc, offset = zlib.compress(data, LEVEL, wbits=-15), zlib.crc32(data), self.fh.tell()
        self._local(name, crc, len(packed), len(data), zip64=False)
        self.fh.write(packed)
        self.entries.append((name, crc, len(packed), len(data), offset, False))

    def stream(self, name: str, chunks) -> None:
        """A part of any size from chunks of bytes: its header first (zip64, as its size is unknown:
        zipfile's force_zip64), segments deflated in threads and written in order, then the
        header's checksum and sizes filled in."""
        offset = self.fh.tell()
        self._local(name, 0, 0, 0, zip64=True)
        crc = size = packed = 0
        pending: deque = deque()   # segments being deflated, in order: a few at a time, memory stays flat
        for data in _segments(chunks):
            crc, size = zlib.crc32(data, crc), size + len(data)   # zlib lets go of the interpreter here too
            pending.append(self._deflate(data))
            while len(pending) > self.threads:
                packed += self._write(_result(pending.popleft()))
        while pending:
            packed += self._write(_result(pending.popleft()))
        packed += self._write(_FINAL)
        end = self.fh.tell()
        self.fh.seek(offset)
        self._local(name, crc, packed, size, zip64=True)
        self.fh.seek(end)
        self.entries.append((name, crc, packed, size, offset, True))

    def close(self) -> None:
        """The central directory, and zip64's end records where the package needs them."""
        start = self.fh.tell()
        for name, crc, packed, size, offset, zip64 in self.entries:
            raw = name.encode("utf-8")
            # zip64's fields, each only where its own field overflows, in the order the format lists them
            wide = [v for v in (size, packed, offset) if v >= ZIP64_FROM]
            extra = struct.pack(f"<2H{len(wide)}Q", 1, 8 * len(wide), *wide) if wide else b""
            version = 45 if zip64 or wide else 20
            self.fh.write(CENTRAL_HEADER.pack(b"PK\x01\x02", _UNIX | version, version, _flags(raw), 8, 0, DATE_1980,
                                              crc, _fit(packed), _fit(size), len(raw), len(extra), 0, 0, 0, _MODE,
                                              _fit(offset)))
            self.fh.write(raw + extra)
        end = self.fh.tell()
        count, length = len(self.entries), end - start
        if count >= 0xFFFF or start >= ZIP64_FROM or length >= ZIP64_FROM:
            self.fh.write(_EOCD64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, length, start))
            self.fh.write(_LOCATOR.pack(b"PK\x06\x07", 0, end, 1))
        self.fh.write(END_RECORD.pack(b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF),
                                      _fit(length), _fit(start), 0))

    def _local(self, name: str, crc: int, packed: int, size: int, zip64: bool) -> None:
        raw = name.encode("utf-8")
        extra = _ZIP64_EXTRA.pack(1, 16, size, packed) if zip64 else b""
        self.fh.write(LOCAL_HEADER.pack(b"PK\x03\x04", 45 if zip64 else 20, _flags(raw), 8, 0, DATE_1980, crc,
                                        _FULL if zip64 else packed, _FULL if zip64 else size, len(raw), len(extra)))
        self.fh.write(raw + extra)

    def _write(self, data: bytes) -> int:
        self.fh.write(data)
        return len(data)

    def _deflate(self, data: bytes):
        """The segment deflated by a thread (its Future), or here where threads cannot start."""
        if self.threads > 1:
            try:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="perfxl-deflate")
                return self._pool.submit(_segment, data)
            except RuntimeError:   # "can't start new thread"
                self.threads = 1
        return _segment(data)


def _segments(chunks):
    """The chunks joined into segments of SEGMENT bytes or more, the last what is left (no chunks,
    no segment: the final block alone is an empty stream)."""
    held: list[bytes] = []
    length = 0
    for chunk in chunks:
        held.append(chunk)
        length += len(chunk)
        if length >= SEGMENT:
            yield b"".join(held)
            held.clear()
            length = 0
    if held:
        yield b"".join(held)


def _result(pending) -> bytes:
    return pending if pending.__class__ is bytes else pending.result()


def _segment(data: bytes) -> bytes:
    """A segment deflated on its own and ended on a byte boundary, to be joined to the next."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


def _fit(value: int) -> int:
    return _FULL if value >= ZIP64_FROM else value


def _flags(raw: bytes) -> int:
    return 0 if raw.isascii() else 0x800   # a name in UTF-8 says so
