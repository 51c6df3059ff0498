"""A plain zip's members read straight from its central directory, each inflated no further than
its declared size: the parts of a workbook at a fraction of zipfile's cost, and a bomb refused."""

from __future__ import annotations

import io
import struct
import zlib
from typing import NamedTuple

_EOCD = struct.Struct("<4s4H2LH")           # end of central directory record
_ENTRY = struct.Struct("<4s4x2H4x3L3H8xL")   # central directory file header, the fields used (x: skipped)
_LOCAL = struct.Struct("<4s5H3L2H")          # local file header


class Member(NamedTuple):
    name: str
    packed: int     # compressed size
    size: int       # declared uncompressed size
    method: int     # 0 stored, 8 deflated
    offset: int     # of its local header
    crc: int


class Listing(NamedTuple):
    """A plain zip as check_package read it: its members and, when small enough to hold (every honest
    workbook), the file's bytes, so the checks after it read its parts without opening it again."""

    members: list[Member]
    data: bytes | None

    def opened(self, path):
        """The package to read parts from: its bytes held in memory, or the file opened again."""
        return io.BytesIO(self.data) if self.data is not None else open(path, "rb")


class BadMember(ValueError):
    """A member whose data is not what its central-directory entry declares."""


def members(fh) -> list[Member] | None:
    """Every member of a plain zip (the case of every workbook Excel or WPS saves). None for
    anything else (a comment, zip64, data before the archive): zipfile then reads it."""
    size = fh.seek(0, 2)
    if size < _EOCD.size:
        return None
    fh.seek(size - _EOCD.size)
    sig, disk, cd_disk, n_disk, n, cd_size, cd_offset, comment = _EOCD.unpack(fh.read(_EOCD.size))
    if sig != b"PK\x05\x06" or disk or cd_disk or n != n_disk or n == 0xFFFF or comment \
            or cd_offset + cd_size != size - _EOCD.size:
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
        try:  # an ASCII name reads the same in cp437 and in UTF-8, whose decoder skips the codec lookup
            name = raw.decode("utf-8" if flags & 0x800 or raw.isascii() else "cp437")
        except UnicodeDecodeError:
            return None  # a name that is not what its flag says: zipfile's own reading decides
        out.append(Member(name, packed, unpacked, method, offset, crc))
        pos = start + name_len + extra_len + comment_len
    return out if pos == len(cd) else None


def read(fh, member: Member) -> bytes:
    """A member's data, inflated to exactly its declared size and checksum (BadMember when it holds
    more or less or other bytes, or is encrypted or compressed some other way)."""
    fh.seek(member.offset)
    head = fh.read(_LOCAL.size)
    if len(head) < _LOCAL.size:
        raise BadMember(member.name)
    sig, _, flags, _, _, _, _, _, _, name_len, extra_len = _LOCAL.unpack(head)
    if sig != b"PK\x03\x04" or flags & 0x1:
        raise BadMember(member.name)
    fh.seek(member.offset + _LOCAL.size + name_len + extra_len)
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
