"""The dataset description (VoID and DCAT, the named graph `{base}id/graph/metadata`) as a page a person can read:
the dataset's own properties, its class and property partitions as two compact tables (class → entities, property →
triples), then every other resource described (subsets, distributions, provenance) with its properties. Long values
(IRIs, checksums) wrap inside their cells."""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from .pagekit import PageContext
from .render import section, table, term_html
from .terms import LABEL_PREDICATES, RDF, curie

VOID = "http://rdfs.org/ns/void#"
PARTITIONS = {VOID + "classPartition": (VOID + "class", VOID + "entities"),
              VOID + "propertyPartition": (VOID + "property", VOID + "triples")}
TYPE = RDF + "type"

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _by_subject(triples: list[ox.Triple]) -> dict[Subject, dict[str, list[Term]]]:
    out: dict[Subject, dict[str, list[Term]]] = {}
    for t in triples:
        values = out.setdefault(t.subject, {}).setdefault(t.predicate.value, [])
        if t.object not in values:
            values.append(t.object)
    return out


def _cell(ctx: PageContext, values: list[Term]) -> str:
    return "<br>".join(term_html(ctx.site, ctx.labels, v) for v in sorted(values, key=str))


def _properties(ctx: PageContext, props: dict[str, list[Term]], skip: set[str]) -> str:
    label_first = [p.value for p in LABEL_PREDICATES]
    order = sorted((p for p in props if p not in skip), key=lambda p: (p != TYPE, p not in label_first, curie(p)))
    rows = [[ctx.a(p, curie(p)), _cell(ctx, props[p])] for p in order]
    return table([ctx.t("property"), ctx.t("value")], rows, cls="props void")


def _name(ctx: PageContext, subject: Subject) -> str:
    """A described resource: its label, and its IRI when the label is not the IRI."""
    if isinstance(subject, ox.NamedNode):
        label = ctx.labels(subject.value)
        iri = f" <code>{escape(subject.value)}</code>" if label != subject.value else ""
        return ctx.a(subject.value) + iri
    return escape(str(subject))


def _partitions(ctx: PageContext, described: dict[Subject, dict[str, list[Term]]], predicate: str) -> str:
    """One row per partition of the dataset(s): the class or property, and its count."""
    key, count = PARTITIONS[predicate]
    rows: list[tuple[str, list[str]]] = []
    for props in described.values():
        for part in props.get(predicate, []):
            if isinstance(part, ox.Literal) or part not in described:
                continue
            inner = described[part]
            keys = [k for k in inner.get(key, []) if isinstance(k, ox.NamedNode)]
            name = curie(keys[0].value) if keys else str(part)
            link = ctx.a(keys[0].value, name) if keys else escape(name)
            rows.append((name, [link, _cell(ctx, inner.get(count, []))]))
    rows.sort(key=lambda r: r[0])
    headers = [ctx.t("class") if key.endswith("class") else ctx.t("property"), curie(count)]
    return table(headers, [r for _, r in rows], cls="props void")


def void_page(ctx: PageContext, triples: list[ox.Triple]) -> tuple[str, str]:
    described = _by_subject(triples)
    partitions = {p for props in described.values() for pred in PARTITIONS for p in props.get(pred, [])}
    subsets = {s for props in described.values() for s in props.get(VOID + "subset", [])}
    datasets = [s for s, props in described.items()
                if ox.NamedNode(VOID + "Dataset") in props.get(TYPE, []) and s not in subsets]
    others = sorted((s for s in described if s not in partitions and s not in datasets), key=str)
    body = f"<h1>{escape(ctx.t('void'))}</h1>"
    for dataset in sorted(datasets, key=str):
        name = ctx.labels(dataset.value) if isinstance(dataset, ox.NamedNode) else str(dataset)
        own = _properties(ctx, described[dataset], set(PARTITIONS))
        body += section(name, f"<p><code>{escape(dataset.value if isinstance(dataset, ox.NamedNode) else str(dataset))}"
                              f"</code></p>{own}")
    body += section(ctx.t("classes"), _partitions(ctx, described, VOID + "classPartition"), anchor="classes")
    body += section(ctx.t("properties"), _partitions(ctx, described, VOID + "propertyPartition"),
                    anchor="properties")
    parts = "".join(f"<h3>{_name(ctx, s)}</h3>" + _properties(ctx, described[s], set(PARTITIONS))
                    for s in others)
    body += section(ctx.t("described_resources"), parts, anchor="resources")
    return "VoID", body
