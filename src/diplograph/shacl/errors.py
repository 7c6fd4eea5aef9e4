"""The error raised for a shapes graph that uses a SHACL feature diplograph.shacl does not implement."""

from __future__ import annotations

from ..errors import DiplographError


class UnsupportedShapeFeature(DiplographError):
    """A shapes graph uses a SHACL feature the SPARQL compiler does not implement: the message names the
    shape and the feature, so that no check is ever dropped silently."""
