"""Keeping the datatype of integer literals visible to the store the constraints run on.

Oxigraph stores a valid literal of any type derived from xsd:integer (xsd:nonNegativeInteger, xsd:int, …) as a
plain xsd:integer: "5"^^xsd:nonNegativeInteger reads back as "5"^^xsd:integer. pySHACL sees the datatype as
written, so a value typed xsd:nonNegativeInteger where a shape asks for xsd:integer is a violation to it, and was
invisible to the compiled queries. Before N-Quads go into the validation store, each such datatype IRI is
replaced by one of ours (`KEPT` + the local name), which Oxigraph keeps as it is; compile.py asks for those.

Only literals that end a quoted string are touched: inside a string literal of N-Quads a quote is escaped, so
`"^^<…>` cannot occur there.
"""

from __future__ import annotations

import re

XSD = "http://www.w3.org/2001/XMLSchema#"
KEPT = "https://w3id.org/diplograph/shacl/kept-datatype#"
# The types Oxigraph folds into xsd:integer (XML Schema 1.1 Part 2, the integer hierarchy).
DERIVED_INTEGERS = (
    "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger",
)
_TYPED = re.compile(r'(?<!\\)"\^\^<' + re.escape(XSD) + "(" + "|".join(DERIVED_INTEGERS) + ")>")


def keep_integer_datatypes(nquads: str) -> str:
    """The N-Quads (or N-Triples) text with each xsd:integer-derived datatype replaced by its `KEPT` twin."""
    return _TYPED.sub(lambda m: f'"^^<{KEPT}{m[1]}>', nquads)


def kept(datatype: str) -> str:
    """The IRI the validation store holds a literal of `datatype` under (itself unless derived from xsd:integer)."""
    local = datatype.removeprefix(XSD)
    return KEPT + local if datatype.startswith(XSD) and local in DERIVED_INTEGERS else datatype
