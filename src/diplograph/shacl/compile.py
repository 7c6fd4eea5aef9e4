"""Compile each SHACL constraint into one SPARQL SELECT that finds all its violations in every named graph.

Why one query per constraint: pySHACL asks rdflib one question per focus node (and per SPARQL constraint,
one query per focus node); here the store answers each constraint once for every focus node of every
document graph, which is what makes validation scale. The constraints of one shape that judge each value on
its own, with sh:minCount 1 and sh:maxCount 1, go further and share one query with a boolean column each
(compile_merged): most of a query's time is the store joining focus nodes to their values, done once for all.

Every query runs over the named graphs of a store with `GRAPH ?_dgG { … }` around every data pattern, so a
document graph is validated on its own, exactly as if it were the only data (pySHACL's data graph). Each
query selects ?_dgG (the graph) and ?this (the focus node), plus what the result needs.

Semantics follow pySHACL 0.40 with inference "none" (read from its source), not only the SHACL spec:
  - focus nodes of sh:targetClass C are `?this rdf:type/rdfs:subClassOf* C` in the same graph, and sh:class
    is checked the same way;
  - sh:datatype: a literal matches when its datatype is the one asked for and, for xsd:date/xsd:dateTime and
    the integer types, its lexical form is valid (rdflib's "ill-typed" flag); xsd:string accepts plain
    literals, rdf:langString any literal with a language tag;
  - sh:languageIn matches a tag equal (case-insensitively) to a listed one or whose first subtag is listed;
  - sh:pattern uses search semantics; a blank node never matches; a final "$" also accepts one trailing
    newline (Python's re, which pySHACL uses, does so);
  - sh:lessThan compares strings (IRIs, plain and language-tagged literals) as text, other literals by value,
    and a string against a non-string fails;
  - a SPARQL-based constraint's rows are de-duplicated on (graph, $this, projected variables), as pySHACL does.
Every condition is written so that a SPARQL evaluation error counts as "does not conform" (COALESCE / &&
guards): a FILTER that errs would otherwise drop the row and lose the violation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from .model import (
    ClassConstraint,
    Constraint,
    DatatypeConstraint,
    HasValueConstraint,
    InConstraint,
    LanguageInConstraint,
    LessThanConstraint,
    MaxCountConstraint,
    MinCountConstraint,
    MinInclusiveConstraint,
    MinLengthConstraint,
    NestedShape,
    NodeKindConstraint,
    NodeShape,
    OrConstraint,
    PatternConstraint,
    PropertyShape,
    QualifiedCountConstraint,
    ShapePath,
    ShapesModel,
    SparqlConstraint,
    UniqueLangConstraint,
    UnsupportedShapeFeature,
    ValueConstraint,
)
from .select import split_select

G = "?_dgG"  # the named graph
V = "?_dgV"  # a value node
O = "?_dgO"  # a value of the sh:lessThan property  # noqa: E741
N = "?_dgN"  # a count
L = "?_dgL"  # a language tag
C = "?_dgC"  # a target class
X = "?_dgX"  # the other end of a target triple
F = "?_dgF"  # a flag column of a merged query: F0, F1, …

TYPE_PATH = f"{RDF.type.n3()}/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
STRING_DATATYPES = (XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.anyURI)
INTEGER_RANGES = {
    XSD.integer: None,
    XSD.nonNegativeInteger: ">= 0",
    XSD.positiveInteger: "> 0",
    XSD.nonPositiveInteger: "<= 0",
    XSD.negativeInteger: "< 0",
}


class RowKind(Enum):
    FOCUS = "focus"  # one violation per row
    QUALIFIED = "qualified"  # a row per focus with its count of conforming values; checked in Python
    SPARQL = "sparql"  # a row per violation with the constraint's projected variables
    FLAGS = "flags"  # several constraints of one shape in one query: a row per value, a boolean column per check


@dataclass(frozen=True)
class FlagCheck:
    """One constraint answered by a boolean column (?_dgF0, ?_dgF1, …) of a merged query."""

    shape: str
    path: str
    message: str
    constraint: str
    per_focus: bool  # one violation per focus node (sh:minCount 1, sh:maxCount 1), not one per offending value


@dataclass(frozen=True)
class CompiledQuery:
    """One SPARQL query and how to turn its rows into violations."""

    shape: str  # the stable shape key reported as Violation.shape
    path: str  # the result path ("" for a node shape)
    message: str
    kind: RowKind
    sparql: str
    constraint: str  # a short name for diagnostics and the benchmark table
    min_count: int | None = None
    max_count: int | None = None
    variables: tuple[str, ...] = ()  # SPARQL constraints: projected variable names (without ? or $)
    checks: tuple[FlagCheck, ...] = ()  # merged queries: the check answered by each flag column, in order


# -------------------------------------------------------------------------------------------------------
# Terms and small expressions
# -------------------------------------------------------------------------------------------------------
def term(node: Node) -> str:
    """An rdflib term as SPARQL text (full IRIs, escaped literals)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = string_literal(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype:
            return f"{text}^^<{node.datatype}>"
        return text
    raise UnsupportedShapeFeature(f"a blank node {node} cannot be used as a constant in a constraint")


def string_literal(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def python_regex_to_sparql(pattern: str) -> str:
    """Python's `$` (no MULTILINE) also matches before a final newline; the store's regex does not."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\n?$"
    return pattern


def is_string_like(x: str) -> str:
    """pySHACL's notion of 'a string' for sh:lessThan: an IRI or a literal whose Python value is a str."""
    types = ", ".join(term(d) for d in STRING_DATATYPES)
    return f'(isIRI({x}) || (isLiteral({x}) && (LANG({x}) != "" || DATATYPE({x}) IN ({types}))))'


def conforms(constraint: ValueConstraint, v: str, typed: str = TYPE_PATH) -> str:
    """A SPARQL expression, never in error, that is true when value node `v` satisfies `constraint`;
    `typed` is the path that says "is an instance of" (plain rdf:type when the data has no subclasses)."""
    if isinstance(constraint, ClassConstraint):
        # Used inside the query's GRAPH block: EXISTS reads the same graph.
        return f"EXISTS {{ {v} {typed} {term(constraint.cls)} }}"
    if isinstance(constraint, DatatypeConstraint):
        return datatype_conforms(constraint.datatype, v)
    if isinstance(constraint, NodeKindConstraint):
        tests = {
            SH.IRI: f"isIRI({v})",
            SH.BlankNode: f"isBlank({v})",
            SH.Literal: f"isLiteral({v})",
            SH.BlankNodeOrIRI: f"(isIRI({v}) || isBlank({v}))",
            SH.BlankNodeOrLiteral: f"(isBlank({v}) || isLiteral({v}))",
            SH.IRIOrLiteral: f"(isIRI({v}) || isLiteral({v}))",
        }
        return tests[constraint.kind]
    if isinstance(constraint, PatternConstraint):
        regex = string_literal(python_regex_to_sparql(constraint.pattern))
        flags = f", {string_literal(constraint.flags)}" if constraint.flags else ""
        return f"(!isBlank({v}) && COALESCE(REGEX(STR({v}), {regex}{flags}), false))"
    if isinstance(constraint, LanguageInConstraint):
        if "*" in constraint.tags:
            return f'(isLiteral({v}) && LANG({v}) != "")'
        tags = ", ".join(string_literal(t) for t in constraint.tags)
        first = f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-"))'
        return f'(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({tags}) || {first} IN ({tags})))'
    if isinstance(constraint, InConstraint):
        if not constraint.values:
            return "false"
        return "(" + " || ".join(f"sameTerm({v}, {term(x)})" for x in constraint.values) + ")"
    if isinstance(constraint, MinInclusiveConstraint):
        return f"(isLiteral({v}) && COALESCE({v} >= {term(constraint.bound)}, false))"
    if isinstance(constraint, MinLengthConstraint):
        return f"(!isBlank({v}) && STRLEN(STR({v})) >= {constraint.length})"
    if isinstance(constraint, OrConstraint):
        if not constraint.alternatives:
            return "false"
        return "(" + " || ".join(nested_conforms(s, v, typed) for s in constraint.alternatives) + ")"
    raise UnsupportedShapeFeature(f"no value condition for {type(constraint).__name__}")


def nested_conforms(shape: NestedShape, v: str, typed: str = TYPE_PATH) -> str:
    return "(" + " && ".join(conforms(c, v, typed) for c in shape.constraints) + ")"


def datatype_conforms(datatype: URIRef, v: str) -> str:
    if datatype == RDF.langString:
        return f'(isLiteral({v}) && LANG({v}) != "")'
    if datatype in INTEGER_RANGES:
        # The store keeps a valid literal of any integer type as xsd:integer (its datatype is lost); an
        # invalid one keeps its datatype. So a valid value of the asked type reads as an xsd:integer in range.
        in_range = INTEGER_RANGES[datatype]
        check = f" && COALESCE({v} {in_range}, false)" if in_range else ""
        return (
            f"(isLiteral({v}) && DATATYPE({v}) = {term(XSD.integer)}"
            f' && REGEX(STR({v}), "^-?[0-9]+$"){check})'
        )
    if datatype == XSD.hexBinary:
        return (
            f"(isLiteral({v}) && DATATYPE({v}) = {term(datatype)}"
            f' && REGEX(STR({v}), "^([0-9a-fA-F][0-9a-fA-F])*$"))'
        )
    if datatype == XSD.boolean:
        return (
            f"(isLiteral({v}) && DATATYPE({v}) = {term(datatype)}"
            f' && REGEX(STR({v}), "^(true|false|1|0)$"))'
        )
    if datatype in (XSD.date, XSD.dateTime):
        cast = f"{term(datatype)}({v})"
        return (
            f"(isLiteral({v}) && DATATYPE({v}) = {term(datatype)}"
            f" && COALESCE(DATATYPE({cast}) = {term(datatype)}, false))"
        )
    # xsd:string (plain literals are xsd:string in SPARQL), xsd:language, xsd:gYear: rdflib never marks
    # these ill-typed, so the datatype IRI alone decides.
    return f"(isLiteral({v}) && DATATYPE({v}) = {term(datatype)})"


# -------------------------------------------------------------------------------------------------------
# Focus nodes
# -------------------------------------------------------------------------------------------------------
def graph_values(graphs: Iterable[str] | None) -> str:
    if graphs is None:
        return ""
    return f"VALUES {G} {{ " + " ".join(f"<{g}>" for g in graphs) + " }\n"


def focus_pattern(shape: NodeShape, subclasses: bool = True) -> str:
    """Patterns binding ?this to the shape's focus nodes (inside a GRAPH block).

    Without rdfs:subClassOf triples in the data, rdf:type/rdfs:subClassOf* is rdf:type: `subclasses`
    False (validate_store asks the store first) gives the store the simpler pattern."""
    targets = shape.targets
    typed = TYPE_PATH if subclasses else RDF.type.n3()
    parts = []
    if len(targets.classes) == 1:
        parts.append(f"?this {typed} {term(targets.classes[0])} .")
    elif targets.classes:
        classes = " ".join(term(c) for c in targets.classes)
        parts.append(f"VALUES {C} {{ {classes} }} ?this {typed} {C} .")
    parts += [f"?this {term(p)} {X} ." for p in targets.subjects_of]
    parts += [f"{X} {term(p)} ?this ." for p in targets.objects_of]
    if len(parts) == 1:
        return parts[0]
    return " UNION ".join(f"{{ {p} }}" for p in parts)


# -------------------------------------------------------------------------------------------------------
# Queries
# -------------------------------------------------------------------------------------------------------
def compile_shapes(
    model: ShapesModel, graphs: Iterable[str] | None = None, subclasses: bool = True
) -> list[CompiledQuery]:
    """Every query for every constraint of `model`, restricted to `graphs` (IRIs) when given; with
    `subclasses` False the data is known to hold no rdfs:subClassOf triple (see focus_pattern).

    The constraints of one shape that test each value on its own (sh:datatype, sh:class, sh:pattern, …) and
    sh:minCount 1 / sh:maxCount 1 share one query (compile_merged): the store finds the focus nodes and their
    values once for all of them. A query's cost is mostly that join, and a shape has up to five such constraints."""
    graph_list = list(graphs) if graphs is not None else None
    out: list[CompiledQuery] = []
    for shape in model.shapes:
        if not shape.targets:
            continue  # no focus nodes, nothing to check (pySHACL likewise)
        groups: list[tuple[PropertyShape | None, tuple[Constraint, ...], tuple[str, ...]]] = [
            (None, tuple(shape.constraints), tuple(shape.messages))
        ]
        groups += [(prop, tuple(prop.constraints), tuple(prop.messages)) for prop in shape.properties]
        for prop, constraints, messages in groups:
            pairs = list(zip(constraints, messages, strict=True))
            merged = [(c, m) for c, m in pairs if mergeable(c, prop)]
            if len(merged) < 2:
                merged = []
            if merged:
                out.append(compile_merged(shape, prop, merged, graph_list, subclasses))
            for constraint, message in pairs:
                if not any(constraint is c for c, _ in merged):
                    out.append(compile_constraint(shape, prop, constraint, message, graph_list, subclasses))
    return out


def mergeable(constraint: Constraint, prop: PropertyShape | None) -> bool:
    """Whether the constraint can be a flag column of its shape's merged query."""
    if isinstance(constraint, MinCountConstraint | MaxCountConstraint):
        return prop is not None and constraint.count == 1
    return isinstance(constraint, ValueConstraint)


def compile_merged(
    shape: NodeShape,
    prop: PropertyShape | None,
    constraints: list[tuple[Constraint, str]],
    graphs: list[str] | None,
    subclasses: bool = True,
) -> CompiledQuery:
    """One query for several constraints of one shape: a row per (graph, focus node, value) that breaks at least
    one of them, with a boolean column per constraint. The value conditions are conforms() as in the
    one-constraint queries, each wrapped so an error reads "conforms" (there, an erring FILTER drops the row).
    sh:minCount 1 makes the values OPTIONAL: a focus node without any value gives one row with ?_dgV unbound.
    sh:maxCount 1 asks, for each value, whether the focus node has another one."""
    key = prop.key if prop else shape.key
    path = prop.path.key if prop else ""
    typed = TYPE_PATH if subclasses else RDF.type.n3()
    optional = any(isinstance(c, MinCountConstraint) for c, _ in constraints)
    if prop is None:
        values = f"BIND (?this AS {V})\n"
    elif optional:
        values = f"OPTIONAL {{ ?this {sparql_path(prop.path)} {V} . }}\n"
    else:
        values = f"?this {sparql_path(prop.path)} {V} .\n"
    bound = f"BOUND({V}) && " if optional else ""
    binds: list[str] = []
    checks: list[FlagCheck] = []
    for i, (constraint, message) in enumerate(constraints):
        flag = f"{F}{i}"
        name = type(constraint).__name__.removesuffix("Constraint")
        if isinstance(constraint, MinCountConstraint):
            binds.append(f"BIND (!BOUND({V}) AS {flag})\n")
        elif isinstance(constraint, MaxCountConstraint):
            assert prop is not None
            other = f"?this {sparql_path(prop.path)} {O} . FILTER (!sameTerm({V}, {O}))"
            binds.append(f"BIND ({bound}EXISTS {{ {other} }} AS {flag})\n")
        else:
            assert isinstance(constraint, ValueConstraint)
            binds.append(f"BIND ({bound}COALESCE(!{conforms(constraint, V, typed)}, false) AS {flag})\n")
        per_focus = isinstance(constraint, MinCountConstraint | MaxCountConstraint)
        checks.append(FlagCheck(key, path, message, name, per_focus))
    flags = [f"{F}{i}" for i in range(len(constraints))]
    sparql = (
        f"SELECT DISTINCT {G} ?this {V} {' '.join(flags)} WHERE {{\n{graph_values(graphs)}"
        f"GRAPH {G} {{\n{focus_pattern(shape, subclasses)}\n{values}{''.join(binds)}"
        f"FILTER ({' || '.join(flags)})\n}}\n}}"
    )
    label = "Merged(" + "+".join(c.constraint for c in checks) + ")"
    return CompiledQuery(key, path, "", RowKind.FLAGS, sparql, label, checks=tuple(checks))


def sparql_path(path: ShapePath) -> str:
    return "/".join(term(step) for step in path.steps)


def compile_constraint(
    shape: NodeShape,
    prop: PropertyShape | None,
    constraint: Constraint,
    message: str,
    graphs: list[str] | None,
    subclasses: bool = True,
) -> CompiledQuery:
    """One query for one constraint. All data patterns of a query sit in one GRAPH block, so the store
    joins them inside one graph with its graph-first indexes; value conditions are FILTERs inside it (an
    EXISTS there reads the same graph)."""
    key = prop.key if prop else shape.key
    path = prop.path.key if prop else ""
    name = type(constraint).__name__.removesuffix("Constraint")
    gv = graph_values(graphs)
    focus = focus_pattern(shape, subclasses)
    typed = TYPE_PATH if subclasses else RDF.type.n3()
    values = f"?this {sparql_path(prop.path)} {V} .\n" if prop else f"BIND (?this AS {V})\n"

    def query(body: str, kind: RowKind = RowKind.FOCUS, **extra: object) -> CompiledQuery:
        return CompiledQuery(key, path, message, kind, body, name, **extra)  # type: ignore[arg-type]

    def in_graph(inner: str) -> str:
        return f"{gv}GRAPH {G} {{\n{focus}\n{inner}}}\n"

    if isinstance(constraint, SparqlConstraint):
        return compile_sparql(shape, prop, constraint, message, graphs, subclasses)
    # Focus nodes (and values) are sets in pySHACL: DISTINCT, or COUNT(DISTINCT …), wherever a focus node
    # could be bound twice (several types reaching the target class, a sequence path).
    if isinstance(constraint, MinCountConstraint):
        assert prop is not None
        if constraint.count == 1:
            return query(
                f"SELECT DISTINCT {G} ?this WHERE {{\n"
                + in_graph(f"FILTER NOT EXISTS {{ ?this {sparql_path(prop.path)} {V} }}\n")
                + "}"
            )
        return query(
            f"SELECT {G} ?this WHERE {{\n" + in_graph(f"OPTIONAL {{ {values}}}\n") + "}\n"
            f"GROUP BY {G} ?this HAVING (COUNT(DISTINCT {V}) < {constraint.count})"
        )
    if isinstance(constraint, MaxCountConstraint):
        assert prop is not None
        if constraint.count == 1:
            # Two different values: a join inside one graph is cheaper than grouping every value.
            second = f"?this {sparql_path(prop.path)} {O} .\nFILTER (!sameTerm({V}, {O}))\n"
            return query(f"SELECT DISTINCT {G} ?this WHERE {{\n" + in_graph(values + second) + "}")
        return query(
            f"SELECT {G} ?this WHERE {{\n" + in_graph(values) + "}\n"
            f"GROUP BY {G} ?this HAVING (COUNT(DISTINCT {V}) > {constraint.count})"
        )
    if isinstance(constraint, HasValueConstraint):
        if prop is None:
            test = f"FILTER (!sameTerm(?this, {term(constraint.value)}))\n"
        else:
            test = f"FILTER NOT EXISTS {{ ?this {sparql_path(prop.path)} {term(constraint.value)} }}\n"
        return query(f"SELECT DISTINCT {G} ?this WHERE {{\n" + in_graph(test) + "}")
    if isinstance(constraint, UniqueLangConstraint):
        assert prop is not None
        return query(
            f"SELECT {G} ?this {L} WHERE {{\n"
            + in_graph(values + f'FILTER (isLiteral({V}) && LANG({V}) != "")\n')
            + f"BIND (LCASE(LANG({V})) AS {L})\n}}\n"
            f"GROUP BY {G} ?this {L} HAVING (COUNT(DISTINCT {V}) > 1)"
        )
    if isinstance(constraint, LessThanConstraint):
        assert prop is not None
        both_strings = f"({is_string_like(V)} && {is_string_like(O)})"
        either_string = f"({is_string_like(V)} || {is_string_like(O)})"
        ok = f"IF({either_string}, {both_strings} && STR({V}) < STR({O}), COALESCE({V} < {O}, false))"
        return query(
            f"SELECT DISTINCT {G} ?this {V} {O} WHERE {{\n"
            + in_graph(values + f"?this {term(constraint.predicate)} {O} .\nFILTER (!COALESCE({ok}, false))\n")
            + "}"
        )
    if isinstance(constraint, QualifiedCountConstraint):
        assert prop is not None
        bounds = []
        if constraint.min_count is not None:
            bounds.append(f"{N} < {constraint.min_count}")
        if constraint.max_count is not None:
            bounds.append(f"{N} > {constraint.max_count}")
        return query(
            f"SELECT {G} ?this {N} WHERE {{\n"
            f"{{ SELECT {G} ?this (COUNT(DISTINCT {V}) AS {N}) WHERE {{\n"
            + in_graph(f"OPTIONAL {{ {values}FILTER ({nested_conforms(constraint.shape, V, typed)}) }}\n")
            + f"}} GROUP BY {G} ?this }}\nFILTER ({' || '.join(bounds)})\n}}",
            RowKind.QUALIFIED,
            min_count=constraint.min_count,
            max_count=constraint.max_count,
        )
    # A condition on each value node.
    return query(
        f"SELECT DISTINCT {G} ?this {V} WHERE {{\n"
        + in_graph(values + f"FILTER (!{conforms(constraint, V, typed)})\n")
        + "}"
    )


# -------------------------------------------------------------------------------------------------------
# SPARQL-based constraints: $this pre-bound by inlining the body after the focus pattern
# -------------------------------------------------------------------------------------------------------
def compile_sparql(
    shape: NodeShape,
    prop: PropertyShape | None,
    constraint: SparqlConstraint,
    message: str,
    graphs: list[str] | None,
    subclasses: bool = True,
) -> CompiledQuery:
    variables, body = split_select(constraint.key, constraint.select)
    projected = [v for v in variables if v != "this"]
    head = " ".join(f"?{v}" for v in projected)
    sparql = (
        f"{constraint.prologue}SELECT DISTINCT {G} ?this {head} WHERE {{\n{graph_values(graphs)}"
        f"GRAPH {G} {{\n{focus_pattern(shape, subclasses)}\n{body}\n}}\n}}"
    )
    return CompiledQuery(
        constraint.key if prop is None else prop.key,
        prop.path.key if prop else "",
        message,
        RowKind.SPARQL,
        sparql,
        "Sparql",
        variables=tuple(projected),
    )
