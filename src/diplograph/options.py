"""The option values several commands share, checked before any work starts: the base IRI, the reference-data and
shapes folders, the parameters of a canned query's date. A bad value is a usage error (exit 2) that names the
option, repeats the value and says what is expected."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .errors import UsageError

_HOST = re.compile(r"^[A-Za-z0-9._~%!$&'()*+,;=-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")
_IRI_CHARS = re.compile(r"^[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$")


def base_iri(value: str, option: str = "--base") -> str:
    """An http(s) IRI with a host and no query or fragment, ending in '/' (one is added when missing)."""
    parts = urlsplit(value) if _IRI_CHARS.match(value) else None
    if (
        parts is None
        or not value.startswith(("http://", "https://"))
        or not _HOST.match(parts.netloc.rpartition("@")[2])
        or "?" in value
        or "#" in value
    ):
        raise UsageError(f"{option} {value!r} is not a valid base IRI",
                         hint="expected an absolute http(s) IRI such as https://w3id.org/diplograph/")
    return value if value.endswith("/") else value + "/"


def input_folder(path: Path, option: str, holds: str, pattern: str) -> Path:
    """A folder that must exist and hold at least one file matching `pattern` (what `holds` describes)."""
    if not path.exists():
        raise UsageError(f"{option} {str(path)!r}: no such folder", hint=f"expected a folder of {holds}")
    if not path.is_dir():
        raise UsageError(f"{option} {str(path)!r} is not a folder", hint=f"expected a folder of {holds}")
    if not any(path.glob(pattern)):
        raise UsageError(f"{option} {str(path)!r} holds no {pattern} file", hint=f"expected a folder of {holds}")
    return path


def reference_folder(path: Path) -> Path:
    return input_folder(path, "--reference", "reference-data YAML files, like the project's reference/", "*.yaml")


def shapes_folder(path: Path) -> Path:
    return input_folder(path, "--shapes", "SHACL shapes in Turtle, like the project's shapes/", "*.ttl")
