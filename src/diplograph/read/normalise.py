"""Decode bytes to text and normalise it so that every later offset means one thing."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ..errors import EncodingError, FormatError

# Characters replaced one for one (so a span of the normalised text has a plain meaning).
_REPLACE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u2011": "-",  # non-breaking hyphen
        "\u2010": "-",  # hyphen
        "\u00ad": "",  # soft hyphen: dropped
        "\ufeff": "",  # byte-order mark / zero-width no-break space: dropped
        "\u200b": "",  # zero-width space: dropped
        "\r": "",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A file larger than this is refused before it is decoded.
MAX_BYTES = 16 * 1024 * 1024
# The whole normalised text is published as one literal (dg:normalisedText). Written out with its escapes ('"', '\\',
# newlines and tabs take two bytes) it must stay readable by the RDF tools the graph is meant for: Oxigraph's JSON-LD
# parser refuses a string over 8 MiB and its N-Quads and Turtle parsers a line over 16 MiB (pyoxigraph 0.5, tried).
MAX_LITERAL_BYTES = 8_000_000


def checksum(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 strictly; say what the bytes look like when they are not UTF-8."""
    if not data.strip():
        raise FormatError("the file is empty", path=path, hint="expected a saved Kremlin page or statement")
    if len(data) > MAX_BYTES:
        raise FormatError(f"the file is {len(data)} bytes, over the {MAX_BYTES}-byte limit", path=path)
    if b"\x00" in data[:4096]:
        raise EncodingError("the file is binary (it contains NUL bytes), not text", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = ""
        try:
            data.decode("cp1251")
            guess = "; it decodes as Windows-1251 — re-save it as UTF-8 (iconv -f cp1251 -t utf-8)"
        except UnicodeDecodeError:
            pass
        raise EncodingError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} is invalid{guess}", path=path
        ) from None


def normalise(text: str) -> str:
    """NFC, one kind of space and hyphen, no control characters, LF line ends."""
    text = unicodedata.normalize("NFC", text).translate(_REPLACE)
    return _CONTROL.sub(" ", text)


def literal_bytes(text: str) -> int:
    """The size of `text` as an escaped RDF or JSON string literal, in UTF-8 bytes."""
    return len(text.encode("utf-8")) + sum(text.count(ch) for ch in '"\\\n\t')


def read_text(path: Path) -> tuple[str, str]:
    """Read a file and return its normalised text and the checksum of its bytes."""
    try:  # the size first, then at most the limit read: a huge (or sparse) file is never read whole
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FormatError(f"the file is {size} bytes, over the {MAX_BYTES}-byte limit", path=path)
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror}", path=path) from None
    text = normalise(decode(data, path))
    size = literal_bytes(text)
    if size > MAX_LITERAL_BYTES:
        raise FormatError(
            f"the text is {size} bytes once written as an RDF literal, over the {MAX_LITERAL_BYTES}-byte limit "
            "that RDF parsers read back", path=path, hint="split the document into smaller files",
        )
    return text, checksum(data)
