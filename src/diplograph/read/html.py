"""Reader for a saved HTML page ("Save page as…", or fetched with curl): the main text and the page's metadata
(title, date, canonical URL, language) by trafilatura, a maintained main-text extractor, not by walking tags here.

The page becomes the text a reader of saved text would see — title, date line, paragraphs, URL line — which
read/text.py then reads with the layouts' rules, so an HTML page and the same page saved as text give one document.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import FormatError
from . import text as text_reader
from .normalise import normalise
from .source import SourceDocument

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?(?P<lang>[A-Za-z]{2,3})", re.I)
_META_LANG = re.compile(r"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?content\s*=\s*[\"']?"
                        r"(?P<lang>[A-Za-z]{2,3})", re.I)


def page_language(markup: str) -> str | None:
    """The language the markup declares (`<html lang>`, or a Content-Language meta), if any."""
    m = _LANG.search(markup) or _META_LANG.search(markup)
    return m["lang"].lower() if m else None


def read(path: Path, markup: str, checksum: str) -> SourceDocument:
    import trafilatura  # imported here: only HTML pages need it, and it takes a while to import

    found = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=False,
                                        deduplicate=False, favor_recall=True)
    meta: dict = found if isinstance(found, dict) else (found.as_dict() if found is not None else {})
    body = str(meta.get("text") or "")
    if not body.strip():
        raise FormatError("no text: the HTML page has no main text", path=path, hint=text_reader.ACCEPTED)
    title = str(meta.get("title") or "").strip()
    url = meta.get("url") or None
    date = meta.get("date") or None
    lines = [title] if title and not body.lstrip().startswith(title) else []
    if date and not re.match(r"^\d{4}-\d{2}-\d{2}", body.strip()):
        lines.append(date)
    content = normalise("\n\n".join(lines + [body.strip()]) + "\n")
    doc = text_reader.read(path, content, checksum, url=url if url and url.startswith("http") else None)
    doc.format = f"html-{doc.format}"
    if date and doc.date is not None and doc.date.isoformat() == date[:10]:
        doc.date_found = "metadata"
        doc.record = [r for r in doc.record if not r.startswith("the date is taken")]
    declared = page_language(markup)
    if declared in ("en", "ru"):
        doc.language = declared
    doc.record.append("read from the page's HTML markup (trafilatura): title, date and URL from its metadata")
    return doc
