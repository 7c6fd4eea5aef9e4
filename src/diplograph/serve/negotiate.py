"""HTTP content negotiation: parse an Accept header (RFC 9110 §12.5.1) and pick the best of the server's offers.

The server's offers are the canonical media types of the format registry (`diplograph.formats`) followed by their
aliases (`application/x-turtle`, `text/plain` for N-Triples, `application/xml` …): an alias is negotiated with the
quality the client gives it, and answered with the canonical type it stands for.

Each media range carries a quality `q` (default 1; `q=0` means "not acceptable"). An offer takes the quality of the
*most specific* range that matches it (`text/turtle` beats `text/*` beats `*/*`), so
`Accept: */*;q=0.1, text/turtle` prefers Turtle and `Accept: text/*, text/html;q=0` refuses HTML. Among offers of
equal quality the server's order decides: that is how a browser's `*/*;q=0.8` falls back to HTML first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def _quality(params: list[str]) -> float | None:
    """The q parameter of one range; None for a malformed value (the range is then ignored)."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            return q if 0.0 <= q <= 1.0 else None
    return 1.0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; a missing or empty header accepts anything (`*/*`)."""
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges: list[MediaRange] = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        kind, sep, sub = parts[0].lower().partition("/")
        if not sep or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = _quality(parts[1:])
        if q is not None:
            ranges.append(MediaRange(kind, sub, q))
    return ranges


def quality_of(media_type: str, ranges: list[MediaRange]) -> float:
    """The quality the client gives one concrete media type: that of the most specific matching range."""
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(media_type) and (best is None or r.specificity > best.specificity):
            best = r
    return 0.0 if best is None else best.q


def choose(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most (ties: the earlier offer), or None when none is acceptable."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for offer in offers:
        q = quality_of(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def negotiate(header: str | None, canonical: list[str], aliases: dict[str, str]) -> str | None:
    """The canonical media type to answer with: the best of the canonical offers and their aliases (an alias chosen
    stands for its canonical type; ties go to the canonical offers, in their order), None when none is acceptable."""
    chosen = choose(header, [*canonical, *(a for a in aliases if a not in canonical)])
    return None if chosen is None else aliases.get(chosen, chosen)


def names_html(header: str | None) -> bool:
    """Whether the client asks for HTML by name (a browser does; `*/*` from curl or a library does not)."""
    return any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in parse_accept(header))


def prefers_html(header: str | None) -> bool:
    """Whether a page (rather than plain text) suits the client: used for error bodies."""
    ranges = parse_accept(header)
    return quality_of("text/html", ranges) > 0 and quality_of("text/html", ranges) >= quality_of("text/plain", ranges)
