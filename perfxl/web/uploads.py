"""Uploaded files: the request body streamed to disk, split into its parts, each checked for size and type."""

from __future__ import annotations

import mmap
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..i18n import Msg, msg

CHUNK = 1 << 16
FIELD_LIMIT = 4096          # a text field of a form (a name, a token): never more
MAX_FILES = 50              # files in one request
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .xls and of WPS's .et
WORKBOOK_TYPES = {".xlsx": ZIP, ".xlsm": ZIP, ".xls": OLE, ".et": OLE, ".ods": ZIP}   # what the reader reads
ACCEPT = ",".join(WORKBOOK_TYPES)
ROSTER_TYPES = {".xlsx": ZIP}
_PARAM = re.compile(r';\s*([a-zA-Z*]+)="((?:[^"\\]|\\.)*)"')


class UploadRefused(Exception):
    """A request the server will not take: an HTTP status and a message for the page."""

    def __init__(self, status: int, message: Msg):
        super().__init__(message.render("en"))
        self.status, self.message = status, message


@dataclass
class Part:
    """A file in the body: its field, the client's name (display text only) and where its bytes lie."""

    field: str
    client_name: str
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


def display_name(raw: str) -> str:
    """The client's file name as text to show: its last component, no control characters, bounded."""
    # browsers escape exactly these three in a multipart file name (WHATWG form encoding)
    raw = raw.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
    name = re.split(r"[\\/]", raw)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    return name.strip()[:200] or "未命名.xlsx"


def suffix_of(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def stream_body(rfile, length: int, folder: Path) -> Path:
    """Copy exactly `length` bytes of the request to a file of the server's naming in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"body-{secrets.token_hex(8)}.part"
    left = length
    with open(path, "wb") as out:
        while left > 0:
            block = rfile.read(min(CHUNK, left))
            if not block:
                out.close()
                path.unlink(missing_ok=True)
                raise UploadRefused(400, msg("web_upload_incomplete"))
            out.write(block)
            left -= len(block)
    return path


class Body:
    """A multipart/form-data body on disk: its text fields and file parts, read through a memory map."""

    def __init__(self, path: Path, content_type: str):
        m = re.search(r'boundary="?([^";]+)"?', content_type or "")
        self.path = path
        if not content_type.startswith("multipart/form-data") or not m:
            path.unlink(missing_ok=True)
            raise UploadRefused(400, msg("web_upload_bad"))
        self.fields: dict[str, str] = {}
        self.files: list[Part] = []
        self._fh = open(path, "rb")
        size = os.fstat(self._fh.fileno()).st_size
        self._map = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        try:
            self._split(b"--" + m.group(1).encode("latin-1"))
        except UploadRefused:
            self.close()   # the body goes with the refusal
            raise

    def _split(self, boundary: bytes) -> None:
        data = self._map
        pos = data.find(boundary)
        while pos >= 0:
            start = pos + len(boundary)
            if data[start:start + 2] == b"--":
                return  # the closing boundary
            head_end = data.find(b"\r\n\r\n", start)
            nxt = data.find(b"\r\n" + boundary, head_end)
            if head_end < 0 or nxt < 0:
                raise UploadRefused(400, msg("web_upload_bad"))
            self._part(bytes(data[start + 2:head_end]), head_end + 4, nxt)
            pos = nxt + 2
        raise UploadRefused(400, msg("web_upload_bad"))

    def _part(self, head: bytes, start: int, end: int) -> None:
        disposition = next((line for line in head.decode("utf-8", "replace").split("\r\n")
                            if line.lower().startswith("content-disposition:")), "")
        params = {k.lower(): v.replace('\\"', '"') for k, v in _PARAM.findall(disposition)}
        name = params.get("name", "")
        if "filename" in params:
            if params["filename"] or end > start:  # an empty file input sends a nameless empty part
                if len(self.files) >= MAX_FILES:
                    raise UploadRefused(413, msg("web_too_many_files", n=MAX_FILES))
                self.files.append(Part(name, display_name(params["filename"]), start, end))
        elif end - start <= FIELD_LIMIT:
            self.fields[name] = bytes(self._map[start:end]).decode("utf-8", "replace")

    def head(self, part: Part, n: int = 8) -> bytes:
        return bytes(self._map[part.start:min(part.end, part.start + n)])

    def save(self, part: Part, target: Path) -> None:
        """The part's bytes into target (a name the server chose), written then renamed."""
        tmp = target.with_name(target.name + ".tmp")
        with open(tmp, "wb") as out:
            for at in range(part.start, part.end, CHUNK):
                out.write(self._map[at:min(part.end, at + CHUNK)])
        os.replace(tmp, target)

    def close(self) -> None:
        if isinstance(self._map, mmap.mmap):
            self._map.close()
        self._fh.close()
        self.path.unlink(missing_ok=True)


def roster_part(req) -> Part:
    """The one roster a form posts (field "roster"), checked like any upload."""
    parts = [p for p in req.body.files if p.field == "roster"]
    if len(parts) != 1:
        raise UploadRefused(400, msg("web_no_file"))
    check_part(req.body, parts[0], ROSTER_TYPES, req.app.max_upload)
    return parts[0]


def check_part(body: Body, part: Part, types: dict[str, bytes], max_bytes: int) -> str:
    """The part's suffix, once its name's type, its first bytes and its size are acceptable."""
    suffix = suffix_of(part.client_name)
    if suffix not in types:
        raise UploadRefused(415, msg("web_bad_type", name=part.client_name, allowed=" ".join(types)))
    if part.size == 0 or part.size > max_bytes:
        raise UploadRefused(413 if part.size else 400, msg("web_bad_size", name=part.client_name,
                                                           mb=max_bytes >> 20))
    if body.head(part, len(types[suffix])) != types[suffix]:
        raise UploadRefused(415, msg("web_bad_signature", name=part.client_name))
    return suffix


def copy_file(source: Path, target: Path) -> None:
    """A file into a folder of the server's, by hard link where the disk allows (no second copy)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
