"""A plain zip's members read straight from its central directory, each inflated no further than
its declared size: the parts of a workbook at a fraction of zipfile's cost, and a bomb refused."""

from __future__ import annotations

import io
import re
import struct
import zlib
from typing import NamedTuple

END_RECORD = struct.Struct("<4s4H2LH")      # end of central directory record
_ENTRY = struct.Struct("<4s4x2H4x3L3H8xL")   # central directory file header, the fields used (x: skipped)
LOCAL_HEADER = struct.Struct("<4s5H3L2H")    # local file header
CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")  # central directory file header, every field
DATE_1980 = 0x21   # 1980-01-01 as a DOS date: every part written gets it, so the same input gives the same bytes
# The largest stored copy (file and kept parts): the parser holds the copy in memory, twice while it
# tells the format, in a worker whose memory is capped; a form workbook's comes to tens of KB, and a
# larger package is read from the file as it always was.
MAX_STORED = 8 * 1024 * 1024


class Member(NamedTuple):
    name: str
    packed: int     # compressed size
    size: int       # declared uncompressed size
    method: int     # 0 stored, 8 deflated
    offset: int     # of its local header
    crc: int
    record: int     # where its central-directory entry starts; -1 when the entry is not a plain one
                    # (extra fields, a comment, a name not ASCII, flags or a method Excel never writes)


class Listing(NamedTuple):
    """A plain zip as check_package read it: its members and, when small enough to hold (every honest
    workbook), the file's bytes, so the checks after it read its parts without opening it again."""

    members: list[Member]
    data: bytes | None
    parts: dict[str, bytes]         # parts check_file_limits inflated and verified, kept for stored_copy

    def opened(self, path):
        """The package to read parts from: its bytes held in memory, or the file opened again."""
        return io.BytesIO(self.data) if self.data is not None else open(path, "rb")

    def stored_copy(self) -> bytes | None:
        """The held package with the parts already inflated (and checked against their CRC) added
        uncompressed, its central directory pointing at them: the parser then reads those parts
        without inflating them a second time (a fifth of calamine's work on a form workbook).
        Every other entry keeps its central-directory record byte for byte, pointing at its
        original local header. None unless every entry is plain (see Member.record) and named once,
        and the copy within MAX_STORED."""
        data, parts, members = self.data, self.parts, self.members
        if data is None or not parts or any(m.record < 0 for m in members) \
                or len({m.name for m in members}) != len(members) \
                or len(data) + sum(map(len, parts.values())) > MAX_STORED:
            return None
        pos = members[0].record  # the central directory's start: the first entry's, all plain
        out, central = [memoryview(data)[:pos]], []  # a view: the bytes are copied once, by the join
        for m in members:
            part = parts.get(m.name)
            if part is None:
                central.append(data[m.record:m.record + CENTRAL_HEADER.size + len(m.name)])
                continue
            name = m.name.encode("ascii")
            pieces, crc = merges_first(part), m.crc
            if pieces is not None:   # the same bytes in another order: their checksum anew (the
                crc = 0              # parser checks none, but the copy stays a zip any reader takes)
                for piece in pieces:
                    crc = zlib.crc32(piece, crc)
            out += (LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, 0, 0, DATE_1980, crc, m.size, m.size, len(name), 0), name)
            out += pieces or (part,)
            central += (CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 20, 0, 0, 0, DATE_1980, crc, m.size, m.size, len(name),
                                            0, 0, 0, 0, 0, pos), name)
            pos += LOCAL_HEADER.size + len(name) + m.size
        directory = b"".join(central)
        out += (directory, END_RECORD.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), pos, 0))
        return b"".join(out)


def merges_first(xml: bytes) -> tuple[memoryview, ...] | None:
    """A sheet's XML cut to be joined with its merged ranges (<mergeCells>, written after the cells)
    moved before its cells (<sheetData>): (before the cells, the ranges, the cells and what follows
    them up to the ranges, the rest). None where there is nothing to move, or where the words could
    stand in a comment, CDATA or processing instruction rather than as the tags themselves.

    The parser reads a sheet's merged ranges by scanning its XML from the start for <mergeCells>:
    after the cells, that is a second parse of every cell (a quarter of its time on a form); in front
    of them, the scan ends where it begins. The cells are read as before: the parser reads
    <sheetData> wherever it stands among the sheet's other elements."""
    opened = xml.find(b"mergeCells")          # the scan through the cells: most sheets have ranges
    closed = xml.find(b"mergeCells", opened + 10)
    if opened < 0 or closed < 0 or xml.find(b"mergeCells", closed + 10) >= 0 or _markup(xml):
        return None
    start, gt = xml.rfind(b"<", 0, opened), xml.find(b">", opened)
    prefix = xml[start + 1:opened]            # b"" or a namespace prefix, as b"x:"
    if start < 0 or gt < 0 or not _PREFIX.fullmatch(prefix) or xml[opened + 10:opened + 11] not in (b" ", b">") \
            or xml[gt - 1:gt] == b"/" or xml[closed - 2 - len(prefix):closed] != b"</" + prefix \
            or xml[closed + 10:closed + 11] != b">":
        return None
    cells = xml.find(b"<" + prefix + b"sheetData")
    if cells < 0 or cells > start:
        return None
    end, view = closed + 11, memoryview(xml)
    return view[:cells], view[start:end], view[cells:start], view[end:]


def _markup(xml: bytes) -> bool:
    """Whether the XML may hold a comment, CDATA or a processing instruction past its declaration,
    where tags are only text. A sheet has none: "!" and "?" are looked for a byte at a time (a
    memchr), and only where one stands is the pair looked for."""
    decl = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    for mark, pair, at in ((b"!", b"<!", 0), (b"?", b"<?", decl)):
        found = xml.find(mark, at)
        if found >= 0 and xml.find(pair, max(found - 1, at)) >= 0:
            return True
    return False


def keeping(fh, by_name: dict[str, Member], parts: dict[str, bytes]):
    """read(name) for check_limits: each part read with read() below and kept in parts (for
    Listing.stored_copy) while they come to no more than MAX_STORED bytes in all."""
    room = MAX_STORED

    def read_part(name: str) -> bytes:
        nonlocal room
        data = read(fh, by_name[name])
        if len(data) <= room:
            room -= len(data)
            parts[name] = data
        return data

    return read_part


class BadMember(ValueError):
    """A member whose data is not what its central-directory entry declares."""


_new = tuple.__new__
_PREFIX = re.compile(rb"(?:[A-Za-z_][\w.-]*:)?")


def members(fh) -> list[Member] | None:
    """Every member of a plain zip (the case of every workbook Excel or WPS saves). None for
    anything else (a comment, zip64, data before the archive): zipfile then reads it."""
    size = fh.seek(0, 2)
    if size < END_RECORD.size:
        return None
    fh.seek(size - END_RECORD.size)
    sig, disk, cd_disk, n_disk, n, cd_size, cd_offset, comment = END_RECORD.unpack(fh.read(END_RECORD.size))
    if sig != b"PK\x05\x06" or disk or cd_disk or n != n_disk or n == 0xFFFF or comment \
            or cd_offset + cd_size != size - END_RECORD.size:
        return None
    fh.seek(cd_offset)
    cd = fh.read(cd_size)
    out, pos = [], 0
    for _ in range(n):
        if len(cd) < pos + _ENTRY.size:
            return None
        sig, flags, method, crc, packed, unpacked, name_len, extra_len, comment_len, offset = \
            _ENTRY.unpack_from(cd, pos)
        if sig != b"PK\x01\x02" or 0xFFFFFFFF in (packed, unpacked, offset):
            return None
        start = pos + _ENTRY.size
        raw = cd[start:start + name_len]
        is_ascii = raw.isascii()
        try:  # an ASCII name reads the same in cp437 and in UTF-8, whose decoder skips the codec lookup
            name = raw.decode("utf-8" if flags & 0x800 or is_ascii else "cp437")
        except UnicodeDecodeError:
            return None  # a name that is not what its flag says: zipfile's own reading decides
        plain = is_ascii and not (extra_len or comment_len or flags & ~0x806) and method in (0, 8)
        # tuple.__new__ straight: Member(...) would run NamedTuple's __new__, a Python call per entry
        out.append(_new(Member, (name, packed, unpacked, method, offset, crc, cd_offset + pos if plain else -1)))
        pos = start + name_len + extra_len + comment_len
    return out if pos == len(cd) else None


def read(fh, member: Member) -> bytes:
    """A member's data, inflated to exactly its declared size and checksum (BadMember when it holds
    more or less or other bytes, or is encrypted or compressed some other way)."""
    fh.seek(member.offset)
    head = fh.read(LOCAL_HEADER.size)
    if len(head) < LOCAL_HEADER.size:
        raise BadMember(member.name)
    sig, _, flags, _, _, _, _, _, _, name_len, extra_len = LOCAL_HEADER.unpack(head)
    if sig != b"PK\x03\x04" or flags & 0x1:
        raise BadMember(member.name)
    fh.seek(member.offset + LOCAL_HEADER.size + name_len + extra_len)
    packed = fh.read(member.packed)
    if len(packed) != member.packed:
        raise BadMember(member.name)
    if member.method == 0:
        data = packed
    elif member.method == 8:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(packed, member.size)
        except zlib.error:
            raise BadMember(member.name) from None
        if not inflater.eof or inflater.unconsumed_tail:  # more than it says, or cut short
            raise BadMember(member.name)
    else:
        raise BadMember(member.name)
    if len(data) != member.size or zlib.crc32(data) != member.crc:
        raise BadMember(member.name)
    return data
