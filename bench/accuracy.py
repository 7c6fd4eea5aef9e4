"""Extraction measured against expected facts (gold): the seeds, the real samples, the sample table's supplements.

    PYTHONPATH=src python3 bench/accuracy.py            # all three
    PYTHONPATH=src python3 bench/accuracy.py --part seeds --verbose

Each document is read (by the readers when they can, else as plain text: title line, one paragraph a line, the
date and language from its gold file), extracted, built into its graph, and loaded with the reference graph into
an in-memory store; the canned queries' rows are compared with the gold's items.

* seeds: precision, recall and F1 over participants, speakers, organisations, instruments and numbered proposals;
  field accuracy over the fields of the matched items (a participant's or speaker's office, an instrument's kind,
  year and UN symbol, a proposal's proposer, addressee and precedent).
* samples: recall of participants, organisations and instruments ("optional" and "generic" items left out).
* supplements: recall of the `Name_*` participants when the supplement's text goes through the entry parser.

Names match in any language and any grammatical case: two names match when one's words (cut to a stem of five
letters) are all among the other's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from diplograph import paths
from diplograph.build.document_graph import build_document_graph
from diplograph.build.iris import Minter
from diplograph.errors import InputError
from diplograph.extract.document import extract
from diplograph.extract.text import sentences
from diplograph.pipeline import reference_graph, shared_linker
from diplograph.queries import get_query, run_query
from diplograph.read import read_document
from diplograph.read.paragraphs import lines
from diplograph.read.source import SourceDocument, Span

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = {"000_7955f8b4e9ebe254": ROOT / "corpus" / "000_7955f8b4e9ebe254.txt",
         "002_8d702fc43057f274": ROOT / "corpus" / "002_8d702fc43057f274.txt"}
SKOS = "http://www.w3.org/2004/02/skos/core#"
DG = "https://w3id.org/diplograph/ontology#"
# The gold's instrument kinds, as the graph's kinds.
KINDS = {"national_policy_document": "policy_document", "intergovernmental_agreement": "treaty",
         "un_resolution_series": "un_resolution_series", "constitution": "policy_document"}


def norm(text: str | None) -> str:
    text = (text or "").replace("ё", "е").replace("’", "'").replace("«", "").replace("»", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def names_of(expected: str | None) -> list[str]:
    """'Владимир Путин (Vladimir Putin)' → both names; 'A / B' split; quoted forms kept."""
    if not expected:
        return []
    parts = [expected] + re.findall(r"\(([^)]*)\)", expected) + re.findall(r"'([^']+)'", expected)
    bare = re.sub(r"\([^)]*\)", "", expected)
    parts += [bare] + bare.split(" / ") + bare.split(";")
    for p in list(parts):
        parts += p.split(";")
    return sorted({norm(p) for p in parts if norm(p)})


def stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", norm(text)) if len(w) > 2 or w.isupper()}


def same_name(a: str, b: str) -> bool:
    sa, sb = stems(a), stems(b)
    return bool(sa and sb) and (sa <= sb or sb <= sa)


def close(a: str, b: str, share: float = 0.6) -> bool:
    """Names of bodies and instruments: most content words shared, or a name of three words or more inside the
    other ("ООН" does not match "Совет Безопасности ООН")."""
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return False
    # A name of three words or more inside the other (an instrument's title inside the words that cite it).
    inside = (len(sa) >= 3 and sa <= sb) or (len(sb) >= 3 and sb <= sa)
    return inside or len(sa & sb) / len(sa | sb) >= share


@dataclass
class Score:
    found: int = 0  # gold items matched
    expected: int = 0
    right: int = 0  # extracted rows matching a gold item
    extracted: int = 0
    fields_right: int = 0
    fields: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("found", "expected", "right", "extracted", "fields_right", "fields"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.extra += other.extra
        self.wrong += other.wrong

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields if self.fields else 1.0


class Graphs:
    """One document's graph and the reference graph in a store, with the labels of every entity."""

    def __init__(self, doc: SourceDocument) -> None:
        linker = shared_linker(paths.REFERENCE)
        minter = Minter()
        facts = extract(doc, linker)
        self.facts = facts
        self.store = ox.Store()
        self.iri = str(minter.document(doc.key))
        data = build_document_graph(facts, minter, linker).serialize(format="nt").encode()
        self.store.load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(self.iri))
        ref = reference_graph(linker, minter).serialize(format="nt").encode()
        self.store.load(ref, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(minter.base + "id/graph/reference"))

    def rows(self, name: str) -> list[dict[str, str | None]]:
        _, rows = run_query(get_query(name), self.store)
        return [r for r in rows if r["document"] == self.iri]

    def labels(self, iri: str | None) -> list[str]:
        if not iri:
            return []
        out = []
        for pred in (SKOS + "prefLabel", SKOS + "altLabel", DG + "acronym"):
            out += [q.object.value for q in self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(pred), None)]
        return out


    def variants(self, shown: str) -> list[str]:
        """Every label of the entities labelled `shown` (a name in one language gives its names in the others)."""
        out = [shown]
        for q in self.store.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None):
            if q.object.value == shown:
                out += self.labels(q.subject.value)
        return out


def _names(graphs: Graphs, row: dict, iri_column: str, name_column: str) -> list[str]:
    return [n for n in [row.get(name_column), row.get("acronym")] if n] + graphs.labels(row.get(iri_column))


def _office_right(graphs: Graphs, shown: str | None, expected: str | None) -> bool:
    """The office shown, or any name of the office entity labelled so (an inferred office is shown by its label in
    the document's language), is one of the expected forms."""
    if not expected:
        return True
    wanted = names_of(expected)
    return any(norm(v) in wanted for v in graphs.variants(shown)) if shown else False


def score_people(graphs: Graphs, rows: list[dict], gold: list[dict], what: str) -> Score:
    s = Score(expected=len(gold), extracted=len(rows))
    matched_rows: set[int] = set()
    for e in gold:
        hits = [i for i, r in enumerate(rows) if any(same_name(n, g) for n in _names(graphs, r, "person", "name")
                                                     for g in names_of(e["name"]))]
        if not hits:
            s.missed.append(f"{what}: {e['name']}")
            continue
        s.found += 1
        matched_rows.update(hits)
        if "office" in e:
            s.fields += 1
            if any(_office_right(graphs, rows[i]["office"], e["office"]) for i in hits):
                s.fields_right += 1
            else:
                s.wrong.append(f"{what} office: {e['name']}: {[rows[i]['office'] for i in hits]} != {e['office']!r}")
    s.right = len(matched_rows)
    s.extra += [f"{what}: {r['name']} ({r.get('office')})" for i, r in enumerate(rows) if i not in matched_rows]
    return s


def _gold_texts(e: dict) -> list[str]:
    texts = names_of(e.get("name") or e.get("label")) + names_of(e.get("acronym"))
    texts += [norm(a) for a in e.get("aliases") or []]
    if e.get("how_mentioned"):
        texts.append(norm(e["how_mentioned"]))
    return [t for t in texts if t]


def score_named(graphs: Graphs, rows: list[dict], gold: list[dict], column: str, what: str) -> Score:
    """Organisations or instruments: recall over the required gold items, precision over all of them."""
    required = [e for e in gold if not e.get("optional") and "generic" not in (e.get("name") or e.get("label") or "")]
    s = Score(expected=len(required), extracted=len(rows))
    row_names = [_names(graphs, r, column, "name" if column == "organisation" else "label") for r in rows]
    matched_rows: set[int] = set()
    for e in gold:
        symbol = re.match(r"A/RES/\d+/\d+", e.get("identifier") or "")
        texts = _gold_texts(e)
        hits = [i for i, r in enumerate(rows)
                if (symbol and r.get("identifier") == symbol.group())
                or any(norm(n) == t or close(n, t) for n in row_names[i] for t in texts)]
        if column == "instrument" and not hits and not symbol:
            kind = KINDS.get(e["kind"], "proposed_instrument" if e["kind"].startswith("proposed_") else e["kind"])
            hits = [i for i, r in enumerate(rows) if r["kind"] == kind and e.get("year") and r["year"] == str(e["year"])]
        matched_rows.update(hits)
        if e not in required:
            continue
        if not hits:
            s.missed.append(f"{what}: {(e.get('name') or e.get('label'))[:90]}")
            continue
        s.found += 1
        if column == "instrument":
            kind = KINDS.get(e["kind"], "proposed_instrument" if e["kind"].startswith("proposed_") else e["kind"])
            checks = {"kind": lambda r, k=kind: r["kind"] == k or (k not in {"treaty", "un_resolution", "policy_document",
                                                                             "un_resolution_series", "proposed_instrument",
                                                                             "negotiating_body"})}
            if e.get("year"):
                checks["year"] = lambda r, y=str(e["year"]): r["year"] == y
            if symbol:
                wanted = symbol.group()
                checks["symbol"] = lambda r, sy=wanted: r["identifier"] == sy
            for name, check in checks.items():
                s.fields += 1
                if any(check(rows[i]) for i in hits):
                    s.fields_right += 1
                else:
                    s.wrong.append(f"{what} {name}: {e.get('label', '')[:60]}: {[rows[i][name if name != 'symbol' else 'identifier'] for i in hits]}")
    s.right = len(matched_rows)
    s.extra += [f"{what}: {row_names[i][:1]}" for i in range(len(rows)) if i not in matched_rows]
    return s


def score_proposals(graphs: Graphs, gold: list[dict]) -> Score:
    rows = [r for r in graphs.rows("proposals") if r["ordinal"]]
    numbered = [e for e in gold if e.get("ordinal") is not None]
    s = Score(expected=len(numbered), extracted=len(rows))
    matched: set[int] = set()
    for e in numbered:
        hits = [i for i, r in enumerate(rows) if r["ordinal"] == str(e["ordinal"])]
        if not hits:
            s.missed.append(f"proposal #{e['ordinal']}")
            continue
        s.found += 1
        matched.update(hits)
        r = rows[hits[0]]
        for name, ok in (
            ("proposer", any(same_name(v, g) for p in (r["proposer"] or "").split(";") for v in graphs.variants(p.strip())
                             for g in names_of(e["proposer"]))),
            ("addressee", not e.get("addressee") or bool(r["addressee"])),
            ("precedent", bool(r["precedent"]) == bool(e.get("precedent"))),
        ):
            s.fields += 1
            s.fields_right += ok
            if not ok:
                s.wrong.append(f"proposal #{e['ordinal']} {name}: {r[name]!r} vs {e.get(name)!r}")
    s.right = len(matched)
    return s


def plain_document(path: Path, gold: dict) -> SourceDocument:
    """A text no reader knows, read as a title line and paragraphs (a text on one line: its first sentence is the
    title, the rest one paragraph); date and language from its gold."""
    text = path.read_text(encoding="utf-8")
    spans = [s for s in lines(text) if s.of(text).strip()]
    if len(spans) == 1:
        first = sentences(text, spans[0])[0]
        spans = [first, Span(first.end + 1, spans[0].end)]
    meta = gold["document"]
    day = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
    return SourceDocument(path=str(path), file_name=path.name, checksum="", text=text, format="plain",
                          language=meta["language"], title=spans[0], date=day, body=spans[1:])  # type: ignore[arg-type]


def load_document(path: Path, gold: dict) -> tuple[SourceDocument, str]:
    try:
        return read_document(path), "read"
    except InputError:
        return plain_document(path, gold), "plain"


def measure_documents(docs: dict[str, Path], gold_dir: Path, verbose: bool, parts: tuple[str, ...]) -> dict[str, Score]:
    total = {p: Score() for p in parts}
    for name, path in docs.items():
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        doc, how = load_document(path, gold)
        graphs = Graphs(doc)
        scores = {
            "participants": score_people(graphs, graphs.rows("participants"), gold["participants"], "participant"),
            "speakers": score_people(graphs, graphs.rows("speakers"), gold["speakers"], "speaker"),
            "organisations": score_named(graphs, graphs.rows("organisations"), gold["organisations"], "organisation", "organisation"),
            "instruments": score_named(graphs, graphs.rows("instruments"), gold["instruments"], "instrument", "instrument"),
            "proposals": score_proposals(graphs, gold["proposals"]),
        }
        for p in parts:
            total[p].add(scores[p])
        if verbose:
            print(f"## {name} ({how})")
            for p in parts:
                sc = scores[p]
                print(f"  {p}: recall {sc.found}/{sc.expected} precision {sc.right}/{sc.extracted} fields {sc.fields_right}/{sc.fields}")
                for line in sc.missed + sc.wrong + [f"extra {x}" for x in sc.extra]:
                    print("    " + line)
    return total


def supplement_entries(verbose: bool) -> Score:
    from diplograph.extract.entries import parse_entries

    s = Score()
    for line in (FIXTURES / "real-samples" / "supplements.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        found = parse_entries(text, Span(0, len(text)), "ru")
        s.extracted += len(found)
        for expected in row["names"]:
            name, _, office = re.sub(r"(?<=[А-ЯЁ]) – (?=[А-ЯЁ]{2})", "-", expected).partition(" – ")
            hit = [f for f in found if norm(f.name_as_written) == norm(name)] or [
                f for f in found if same_name(f.name_as_written, name) and same_name(name, f.name_as_written)]
            s.expected += 1
            if hit:
                s.found += 1
                s.fields += 1
                if norm(hit[0].office) == norm(office):
                    s.fields_right += 1
                else:
                    s.wrong.append(f"{expected!r}: office {hit[0].office!r}")
            else:
                s.missed.append(expected)
    if verbose:
        for line in s.missed + s.wrong:
            print("  " + line)
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=["seeds", "samples", "supplements"], action="append")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    parts = args.part or ["seeds", "samples", "supplements"]
    if "seeds" in parts:
        kinds = ("participants", "speakers", "organisations", "instruments", "proposals")
        total = measure_documents(SEEDS, FIXTURES / "gold", args.verbose, kinds)
        all_ = Score()
        for k in kinds:
            all_.add(total[k])
            sc = total[k]
            print(f"seeds {k}: P {sc.precision:.3f} R {sc.recall:.3f} F1 {sc.f1:.3f} fields {sc.field_accuracy:.3f} ({sc.fields_right}/{sc.fields})")
        print(f"seeds ALL: P {all_.precision:.3f} R {all_.recall:.3f} F1 {all_.f1:.3f} field accuracy {all_.field_accuracy:.3f}")
    if "samples" in parts:
        docs = {p.stem: p for p in sorted((FIXTURES / "real-samples" / "docs").glob("*.txt"))}
        kinds = ("participants", "organisations", "instruments")
        total = measure_documents(docs, FIXTURES / "real-samples" / "gold", args.verbose, kinds)
        for k in kinds:
            sc = total[k]
            print(f"samples {k}: recall {sc.recall:.3f} ({sc.found}/{sc.expected}) precision {sc.precision:.3f} ({sc.right}/{sc.extracted})")
    if "supplements" in parts:
        try:
            sc = supplement_entries(args.verbose)
        except ImportError:
            print("supplements: no entry parser")
        else:
            print(f"supplements participants: recall {sc.recall:.3f} ({sc.found}/{sc.expected}) offices {sc.field_accuracy:.3f} found {sc.extracted}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory():
        sys.exit(main())
