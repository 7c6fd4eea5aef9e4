"""Read a SHACL shapes graph into typed dataclasses, refusing whatever the SPARQL compiler cannot do.

Only the part of SHACL that shapes/ uses is modelled (see `SUPPORTED_PARAMETERS`). Every other parameter in
the SHACL namespace on a shape raises `UnsupportedShapeFeature` naming the shape and the parameter, so a
check can never be lost silently when the shapes grow.

Shape keys. pySHACL reports a result's sh:sourceShape as the shape node; for a blank-node property shape
that is a blank-node id which changes with every parse. `shape_key` gives every shape a key that is the
same for every parse of the same shapes: an IRI shape is its IRI; a blank-node property shape is
"{parent key} property {path IRI} #{digest}", where the digest is a hash of the shape's own description
(predicates and objects, nested blank nodes and RDF lists described recursively), so two property shapes
on one parent with the same path (dgsh:StateShape has two on rdf:type) still get different keys. The test
maps pySHACL's sh:sourceShape through the same function on the same shapes graph.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from .errors import UnsupportedShapeFeature
from .select import split_select

__all__ = ["UnsupportedShapeFeature", "read_shapes", "shape_key", "path_key"]


# -------------------------------------------------------------------------------------------------------
# Constraints on a single value node (usable inside sh:or and sh:qualifiedValueShape too)
# -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClassConstraint:
    cls: URIRef


@dataclass(frozen=True)
class DatatypeConstraint:
    datatype: URIRef


@dataclass(frozen=True)
class NodeKindConstraint:
    kind: URIRef


@dataclass(frozen=True)
class PatternConstraint:
    pattern: str
    flags: str


@dataclass(frozen=True)
class LanguageInConstraint:
    tags: tuple[str, ...]  # lower-cased, as pySHACL compares them


@dataclass(frozen=True)
class InConstraint:
    values: tuple[Node, ...]


@dataclass(frozen=True)
class MinInclusiveConstraint:
    bound: Literal


@dataclass(frozen=True)
class MinLengthConstraint:
    length: int


@dataclass(frozen=True)
class NestedShape:
    """A shape used only as a condition on one value node (a member of sh:or, a sh:qualifiedValueShape)."""

    key: str
    constraints: tuple[ValueConstraint, ...]


@dataclass(frozen=True)
class OrConstraint:
    alternatives: tuple[NestedShape, ...]


ValueConstraint = (
    ClassConstraint
    | DatatypeConstraint
    | NodeKindConstraint
    | PatternConstraint
    | LanguageInConstraint
    | InConstraint
    | MinInclusiveConstraint
    | MinLengthConstraint
    | OrConstraint
)


# -------------------------------------------------------------------------------------------------------
# Constraints on the whole set of values of a focus node
# -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MinCountConstraint:
    count: int


@dataclass(frozen=True)
class MaxCountConstraint:
    count: int


@dataclass(frozen=True)
class HasValueConstraint:
    value: Node


@dataclass(frozen=True)
class UniqueLangConstraint:
    pass


@dataclass(frozen=True)
class LessThanConstraint:
    predicate: URIRef


@dataclass(frozen=True)
class QualifiedCountConstraint:
    shape: NestedShape
    min_count: int | None
    max_count: int | None


@dataclass(frozen=True)
class SparqlConstraint:
    """A sh:sparql constraint: `prologue` holds its PREFIX lines, `select` the query text as written."""

    key: str
    prologue: str
    select: str
    message: str | None


Constraint = (
    ValueConstraint
    | MinCountConstraint
    | MaxCountConstraint
    | HasValueConstraint
    | UniqueLangConstraint
    | LessThanConstraint
    | QualifiedCountConstraint
    | SparqlConstraint
)


@dataclass(frozen=True)
class ShapePath:
    """A predicate path (one IRI) or a sequence path (several); `key` is how results name it."""

    steps: tuple[URIRef, ...]
    key: str


@dataclass(frozen=True)
class Targets:
    classes: tuple[URIRef, ...] = ()
    subjects_of: tuple[URIRef, ...] = ()
    objects_of: tuple[URIRef, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.subjects_of or self.objects_of)


@dataclass(frozen=True)
class PropertyShape:
    key: str
    path: ShapePath
    message: str | None
    constraints: tuple[Constraint, ...]
    messages: tuple[str, ...]  # the result message of each constraint (sh:message or pySHACL's generic one)


@dataclass(frozen=True)
class NodeShape:
    key: str
    targets: Targets
    message: str | None
    constraints: tuple[Constraint, ...]
    messages: tuple[str, ...]
    properties: tuple[PropertyShape, ...]


@dataclass(frozen=True)
class ShapesModel:
    shapes: tuple[NodeShape, ...]


# -------------------------------------------------------------------------------------------------------
# What is supported
# -------------------------------------------------------------------------------------------------------
ANNOTATIONS = {SH.name, SH.description, SH.order, SH.group, SH.message, SH.severity}
VALUE_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH.flags,
    SH.languageIn,
    SH["in"],
    SH.minInclusive,
    SH.minLength,
    SH["or"],
}
NODE_PARAMETERS = VALUE_PARAMETERS | {
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.sparql,
    SH.hasValue,
}
PROPERTY_PARAMETERS = VALUE_PARAMETERS | {
    SH.path,
    SH.sparql,
    SH.hasValue,
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
    SH.lessThan,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}
SUPPORTED_PARAMETERS = NODE_PARAMETERS | PROPERTY_PARAMETERS | ANNOTATIONS

# Datatypes whose sh:datatype check the compiler reproduces (validity rules of rdflib, as pySHACL uses them).
SUPPORTED_DATATYPES = {
    RDF.langString,
    XSD.string,
    XSD.language,
    XSD.gYear,
    XSD.date,
    XSD.dateTime,
    XSD.hexBinary,
    XSD.boolean,
    XSD.integer,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
}
NODE_KINDS = {SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}
SPARQL_PARAMETERS = {SH.select, SH.message, SH.prefixes, RDF.type, SH.name, SH.description}
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}


# -------------------------------------------------------------------------------------------------------
# Stable keys
# -------------------------------------------------------------------------------------------------------
def _describe(graph: Graph, node: Node, depth: int = 0) -> str:
    """A text that depends on what a node says, not on blank-node ids (nested blank nodes inlined)."""
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 20:
        raise UnsupportedShapeFeature("blank-node structure nested more than 20 levels (a cycle?)")
    parts = sorted(f"{p.n3()} {_describe(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node))
    return "[" + " ; ".join(parts) + "]"


def shape_key(graph: Graph, node: Node) -> str:
    """The stable key of a shape node (see the module docstring)."""
    if isinstance(node, URIRef):
        return str(node)
    digest = hashlib.sha1(_describe(graph, node).encode()).hexdigest()[:10]
    parents = sorted(graph.subjects(SH.property, node), key=str)
    path = graph.value(node, SH.path)
    if parents and path is not None:
        return f"{shape_key(graph, parents[0])} property {path_key(graph, path)} #{digest}"
    return f"_:shape-{digest}"


def path_key(graph: Graph, path: Node) -> str:
    """How a result names its path: the IRI of a predicate path, "(<a> <b>)" for a sequence path.

    pySHACL's sh:resultPath of a sequence path is a blank node (a new id every parse); the test maps it
    through this function.
    """
    if isinstance(path, URIRef):
        return str(path)
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        return "(" + " ".join(f"<{step}>" for step in graph.items(path)) + ")"
    return _describe(graph, path)


def _name(graph: Graph, node: Node) -> str:
    """How an error message names a shape: its IRI, or its key for a blank node."""
    return shape_key(graph, node)


# -------------------------------------------------------------------------------------------------------
# Reading
# -------------------------------------------------------------------------------------------------------
def load_shapes_graph(source: Path | Graph) -> Graph:
    """A folder of .ttl files, one .ttl file, or an rdflib Graph already parsed."""
    if isinstance(source, Graph):
        return source
    graph = Graph()
    files = sorted(source.glob("*.ttl")) if source.is_dir() else [source]
    if not files:
        raise UnsupportedShapeFeature("no .ttl shapes files found", path=source)
    for file in files:
        graph.parse(file, format="turtle")
    return graph


def read_shapes(source: Path | Graph) -> ShapesModel:
    """The typed model of every top-level shape of `source`; raises UnsupportedShapeFeature on anything else."""
    graph = load_shapes_graph(source)
    nested = set(graph.objects(None, SH.property)) | set(graph.objects(None, SH.qualifiedValueShape))
    for lst in graph.objects(None, SH["or"]):
        nested |= set(graph.items(lst))
    candidates: set[Node] = set()
    for shape_type in SHAPE_TYPES:
        candidates |= set(graph.subjects(RDF.type, shape_type))
    for target in TARGETS:
        candidates |= set(graph.subjects(target, None))
    top = sorted((n for n in candidates if n not in nested), key=lambda n: _name(graph, n))
    shapes = []
    for node in top:
        if graph.value(node, SH.path) is not None:
            raise UnsupportedShapeFeature(
                f"shape {_name(graph, node)}: a top-level property shape (sh:path with its own targets) "
                "is not supported; attach it with sh:property to a node shape"
            )
        shapes.append(_read_node_shape(graph, node))
    return ShapesModel(tuple(shapes))


def _check_parameters(graph: Graph, node: Node, allowed: set[URIRef], kind: str) -> None:
    for p in set(graph.predicates(node, None)):
        if p in (SH.deactivated,):
            raise UnsupportedShapeFeature(f"shape {_name(graph, node)}: sh:deactivated is not supported")
        if p == RDF.type:
            for t in graph.objects(node, RDF.type):
                if t in (RDFS.Class, OWL.Class):
                    raise UnsupportedShapeFeature(
                        f"shape {_name(graph, node)}: implicit class targets (a shape that is also a class) "
                        "are not supported"
                    )
            continue
        if str(p).startswith(str(SH)) and p not in allowed:
            raise UnsupportedShapeFeature(
                f"shape {_name(graph, node)}: {p.n3(graph.namespace_manager)} is not supported "
                f"on a {kind} by diplograph.shacl (supported: {_short(graph, allowed - ANNOTATIONS)})"
            )


def _short(graph: Graph, params: set[URIRef]) -> str:
    return ", ".join(sorted(p.n3(graph.namespace_manager) for p in params))


def _one(graph: Graph, node: Node, p: URIRef) -> Node | None:
    values = list(graph.objects(node, p))
    if len(values) > 1:
        raise UnsupportedShapeFeature(
            f"shape {_name(graph, node)}: more than one {p.n3(graph.namespace_manager)}; write one shape per value"
        )
    return values[0] if values else None


def _int(graph: Graph, node: Node, p: URIRef) -> int | None:
    value = _one(graph, node, p)
    if value is None:
        return None
    if not (isinstance(value, Literal) and isinstance(value.value, int) and value.value >= 0):
        raise UnsupportedShapeFeature(
            f"shape {_name(graph, node)}: {p.n3(graph.namespace_manager)} must be a non-negative integer"
        )
    return int(value.value)


def _message(graph: Graph, node: Node) -> str | None:
    messages = list(graph.objects(node, SH.message))
    if len(messages) > 1:
        raise UnsupportedShapeFeature(
            f"shape {_name(graph, node)}: more than one sh:message (one per language?) is not supported: "
            "a violation carries exactly one message"
        )
    return str(messages[0]) if messages else None


def _is_violation(graph: Graph, node: Node) -> bool:
    severity = _one(graph, node, SH.severity)
    return severity in (None, SH.Violation)


def _read_node_shape(graph: Graph, node: Node) -> NodeShape:
    _check_parameters(graph, node, NODE_PARAMETERS | ANNOTATIONS, "node shape")
    message = _message(graph, node)
    found = {}
    for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf):
        found[p] = tuple(sorted(graph.objects(node, p), key=str))
        for t in found[p]:
            if not isinstance(t, URIRef):
                raise UnsupportedShapeFeature(f"shape {_name(graph, node)}: {p} {t} is not an IRI")
    targets = Targets(
        *(tuple(URIRef(str(t)) for t in found[p]) for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf))
    )
    constraints: list[Constraint] = []
    if _is_violation(graph, node):
        constraints += _value_constraints(graph, node)
        for value in graph.objects(node, SH.hasValue):
            constraints.append(HasValueConstraint(value))
        constraints += _sparql_constraints(graph, node, message, path=None)
        _need_message(graph, node, message, constraints)
    properties = tuple(
        sorted(
            (_read_property_shape(graph, p) for p in graph.objects(node, SH.property)),
            key=lambda s: s.key,
        )
    )
    messages = _messages(graph, message, constraints)
    return NodeShape(shape_key(graph, node), targets, message, tuple(constraints), messages, properties)


def _read_property_shape(graph: Graph, node: Node) -> PropertyShape:
    _check_parameters(graph, node, PROPERTY_PARAMETERS | ANNOTATIONS, "property shape")
    path = _read_path(graph, node)
    message = _message(graph, node)
    constraints: list[Constraint] = []
    if _is_violation(graph, node):
        constraints += _value_constraints(graph, node)
        min_count, max_count = _int(graph, node, SH.minCount), _int(graph, node, SH.maxCount)
        if min_count:
            constraints.append(MinCountConstraint(min_count))
        if max_count is not None:
            constraints.append(MaxCountConstraint(max_count))
        for value in graph.objects(node, SH.hasValue):
            constraints.append(HasValueConstraint(value))
        unique = _one(graph, node, SH.uniqueLang)
        if unique is not None and bool(getattr(unique, "value", False)):
            constraints.append(UniqueLangConstraint())
        for other in graph.objects(node, SH.lessThan):
            if not isinstance(other, URIRef):
                raise UnsupportedShapeFeature(f"shape {_name(graph, node)}: sh:lessThan must be an IRI")
            constraints.append(LessThanConstraint(other))
        qualified = _one(graph, node, SH.qualifiedValueShape)
        if qualified is not None:
            q_min, q_max = _int(graph, node, SH.qualifiedMinCount), _int(graph, node, SH.qualifiedMaxCount)
            if q_min is None and q_max is None:
                raise UnsupportedShapeFeature(
                    f"shape {_name(graph, node)}: sh:qualifiedValueShape without a qualified count"
                )
            constraints.append(QualifiedCountConstraint(_read_nested(graph, qualified), q_min, q_max))
        constraints += _sparql_constraints(graph, node, message, path=path)
        _need_message(graph, node, message, constraints)
    messages = _messages(graph, message, constraints)
    return PropertyShape(shape_key(graph, node), path, message, tuple(constraints), messages)


def _read_path(graph: Graph, node: Node) -> ShapePath:
    path = _one(graph, node, SH.path)
    if isinstance(path, URIRef):
        return ShapePath((path,), str(path))
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        steps = tuple(graph.items(path))
        if steps and all(isinstance(s, URIRef) for s in steps):
            return ShapePath(tuple(URIRef(str(s)) for s in steps), path_key(graph, path))
    raise UnsupportedShapeFeature(
        f"shape {_name(graph, node)}: sh:path must be a predicate IRI or a sequence of predicate IRIs "
        "(inverse, alternative and zero-or-more paths are not supported)"
    )


def generic_message(graph: Graph, constraint: Constraint) -> str | None:
    """pySHACL's own message for a constraint of a shape without sh:message, where it does not depend on
    the data (it names terms with the shapes graph's prefixes); None where it does."""
    graph.namespace_manager.bind("sh", SH, override=False, replace=False)

    def show(node: Node) -> str:
        return node.n3(namespace_manager=graph.namespace_manager)

    if isinstance(constraint, ClassConstraint):
        return f"Value does not have class {show(constraint.cls)}"
    if isinstance(constraint, DatatypeConstraint):
        return f"Value is not Literal with datatype {show(constraint.datatype)}"
    if isinstance(constraint, NodeKindConstraint):
        return f"Value is not of Node Kind {show(constraint.kind)}"
    if isinstance(constraint, PatternConstraint):
        return f"Value does not match pattern '{constraint.pattern}'"
    return None


def _messages(graph: Graph, message: str | None, constraints: list[Constraint]) -> tuple[str, ...]:
    out = []
    for c in constraints:
        if isinstance(c, SparqlConstraint):
            out.append(c.message or message or "")
        else:
            out.append(message if message is not None else (generic_message(graph, c) or ""))
    return tuple(out)


def _need_message(graph: Graph, node: Node, message: str | None, constraints: list[Constraint]) -> None:
    """pySHACL writes a generic English message where a shape has none; only some are reproduced."""
    if message is not None:
        return
    for c in constraints:
        if isinstance(c, SparqlConstraint):
            if c.message is None:
                raise UnsupportedShapeFeature(
                    f"shape {_name(graph, node)}: a sh:sparql constraint without "
                    "sh:message on a shape without sh:message"
                )
            continue
        if generic_message(graph, c) is None:
            raise UnsupportedShapeFeature(
                f"shape {_name(graph, node)}: {type(c).__name__.removesuffix('Constraint')} without "
                "sh:message (pySHACL's generic message for it depends on the data and is not reproduced; "
                "give the shape a sh:message)"
            )


def _read_nested(graph: Graph, node: Node) -> NestedShape:
    allowed = VALUE_PARAMETERS | {SH.name, SH.description}
    _check_parameters(graph, node, allowed, "shape used in sh:or or sh:qualifiedValueShape")
    for p in set(graph.predicates(node, None)):
        if p in TARGETS | {SH.message, SH.severity}:
            raise UnsupportedShapeFeature(f"shape {_name(graph, node)}: {p} on a nested shape")
    constraints = tuple(_value_constraints(graph, node))
    if not constraints:
        raise UnsupportedShapeFeature(f"shape {_name(graph, node)}: a nested shape without constraints")
    return NestedShape(shape_key(graph, node), constraints)


def _value_constraints(graph: Graph, node: Node) -> list[ValueConstraint]:
    out: list[ValueConstraint] = []
    name = _name(graph, node)
    for cls in graph.objects(node, SH["class"]):
        if not isinstance(cls, URIRef):
            raise UnsupportedShapeFeature(f"shape {name}: sh:class {cls} is not an IRI")
        out.append(ClassConstraint(cls))
    datatype = _one(graph, node, SH.datatype)
    if datatype is not None:
        if datatype not in SUPPORTED_DATATYPES:
            raise UnsupportedShapeFeature(
                f"shape {name}: sh:datatype {datatype} is not supported (its validity rules are not "
                f"reproduced); supported: {', '.join(sorted(str(d) for d in SUPPORTED_DATATYPES))}"
            )
        out.append(DatatypeConstraint(URIRef(str(datatype))))
    kind = _one(graph, node, SH.nodeKind)
    if kind is not None:
        if kind not in NODE_KINDS:
            raise UnsupportedShapeFeature(f"shape {name}: unknown sh:nodeKind {kind}")
        out.append(NodeKindConstraint(URIRef(str(kind))))
    flags = _one(graph, node, SH.flags)
    for pattern in graph.objects(node, SH.pattern):
        if not isinstance(pattern, Literal):
            raise UnsupportedShapeFeature(f"shape {name}: sh:pattern must be a literal")
        # pySHACL honours only the i and m flags.
        kept = "".join(f for f in "im" if flags is not None and f in str(flags).lower())
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise UnsupportedShapeFeature(f"shape {name}: sh:pattern {pattern!s} is not a regex: {exc}") from exc
        out.append(PatternConstraint(str(pattern), kept))
    for lst in graph.objects(node, SH.languageIn):
        tags = tuple(str(t).lower() for t in graph.items(lst))
        out.append(LanguageInConstraint(tags))
    for lst in graph.objects(node, SH["in"]):
        out.append(InConstraint(tuple(graph.items(lst))))
    bound = _one(graph, node, SH.minInclusive)
    if bound is not None:
        if not isinstance(bound, Literal):
            raise UnsupportedShapeFeature(f"shape {name}: sh:minInclusive must be a literal")
        out.append(MinInclusiveConstraint(bound))
    length = _int(graph, node, SH.minLength)
    if length is not None and length > 0:
        out.append(MinLengthConstraint(length))
    for lst in graph.objects(node, SH["or"]):
        out.append(OrConstraint(tuple(_read_nested(graph, m) for m in graph.items(lst))))
    return out


# -------------------------------------------------------------------------------------------------------
# SPARQL-based constraints
# -------------------------------------------------------------------------------------------------------
def _prologue(graph: Graph, constraint: Node) -> str:
    """PREFIX lines from sh:prefixes, gathered the way pySHACL gathers them (ontologies' sh:declare too)."""
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    global_declares: set[Node] = set()
    for ontology in ontologies:
        global_declares |= set(graph.objects(ontology, SH.declare))
    prefixes: dict[str, str] = {}
    for holder in graph.objects(constraint, SH.prefixes):
        own = set(graph.objects(holder, SH.declare))
        declares = own if (own and holder in ontologies) else own | global_declares
        for dec in declares:
            prefix, namespace = graph.value(dec, SH.prefix), graph.value(dec, SH.namespace)
            if prefix is None or namespace is None:
                raise UnsupportedShapeFeature(f"sh:declare {dec} of {holder} needs one sh:prefix and one sh:namespace")
            prefixes[str(prefix)] = str(namespace)
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))


def _sparql_constraints(
    graph: Graph, node: Node, shape_message: str | None, path: ShapePath | None
) -> list[SparqlConstraint]:
    out = []
    for c in graph.objects(node, SH.sparql):
        for p in set(graph.predicates(c, None)):
            if p not in SPARQL_PARAMETERS:
                raise UnsupportedShapeFeature(
                    f"shape {_name(graph, node)}: {p} on a sh:sparql constraint is not supported"
                )
        select = _one(graph, c, SH.select)
        if not isinstance(select, Literal):
            raise UnsupportedShapeFeature(f"shape {_name(graph, node)}: a sh:sparql constraint without sh:select")
        text = str(select)
        if path is not None:
            text = re.sub(r"\$PATH\b", lambda _m: "/".join(f"<{s}>" for s in path.steps), text)
        elif re.search(r"\$PATH\b", text):
            raise UnsupportedShapeFeature(f"shape {_name(graph, node)}: $PATH in a node shape's sh:sparql")
        split_select(_name(graph, node), text)  # refuse now what the compiler could not pre-bind
        out.append(SparqlConstraint(shape_key(graph, node), _prologue(graph, c), text, _message(graph, c)))
    return out
