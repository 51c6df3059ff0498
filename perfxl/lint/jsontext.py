"""JSON text exactly as json.dumps(data, ensure_ascii=False, indent=2) writes it, in half the time."""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring

# The standard library's C encoder writes nothing indented: given indent, json.dumps walks every value
# in Python (for 1,000 workbooks' report, nine times the time of building it). Here only the
# containers above the leaves are walked; a dict or list of plain values (a finding, a form: the bulk)
# goes to the C encoder whole, its item separator carrying the newline and indentation.
_PLAIN = frozenset((str, int, float, bool, type(None)))   # exactly these: a subclass may encode otherwise
_STR = frozenset((str,))
_STANDARD = json.JSONEncoder(ensure_ascii=False)   # json.dumps's own settings
_encode = _STANDARD.encode
_FLAT: dict[str, object] = {}   # indentation -> a C encoder whose items are separated by it


def dumps(data) -> str:
    """data as indented JSON text; anything unusual below a container is left to json.dumps."""
    if not _USABLE:
        return json.dumps(data, ensure_ascii=False, indent=2)
    out: list[str] = []
    _write(data, "\n", out)
    return "".join(out)


def _flat(inner: str):
    c = _FLAT.get(inner)
    if c is None:
        # (markers, default, encoder, indent, key separator, item separator, sort_keys, skipkeys, allow_nan)
        c = _FLAT[inner] = c_make_encoder(None, _STANDARD.default, encode_basestring, None, ": ", "," + inner,
                                          False, False, True)
    return c


def _probe() -> bool:
    """Whether this Python's C encoder is there and takes and writes what _flat asks of it (its
    arguments are the json module's own business: another version may want others)."""
    try:
        return c_make_encoder is not None and "".join(_flat("\n ")({"a": 1.5, "b": [None]}, 0)) == \
            '{"a": 1.5,\n "b": [null]}'
    except Exception:
        return False


def _write(value, pad: str, out: list[str]) -> None:
    """value's text at the indentation pad ("\\n" and two spaces a level) appended to out."""
    cls = value.__class__
    if cls is dict and _STR.issuperset(map(type, value)):   # other keys: json.dumps converts them
        if not value:
            out.append("{}")
            return
        inner = pad + "  "
        if _PLAIN.issuperset(map(type, value.values())):
            out.append("{" + inner + "".join(_flat(inner)(value, 0))[1:-1] + pad + "}")
            return
        head = "{"
        for k, v in value.items():
            out.append(head + inner + encode_basestring(k) + ": ")
            head = ","
            _write(v, inner, out)
        out.append(pad + "}")
    elif cls is list or cls is tuple:
        if not value:
            out.append("[]")
            return
        inner = pad + "  "
        if _PLAIN.issuperset(map(type, value)):
            out.append("[" + inner + "".join(_flat(inner)(value, 0))[1:-1] + pad + "]")
            return
        head = "["
        for v in value:
            out.append(head + inner)
            head = ","
            _write(v, inner, out)
        out.append(pad + "]")
    elif cls in _PLAIN:
        out.append(_encode(value))
    else:  # a subclass, a dict with other keys, an object json cannot write (its TypeError, as json's)
        out.append(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", pad))


_USABLE = _probe()
