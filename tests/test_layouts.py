"""The layouts a user brings (issue 14): every real document builds, tables and HTML are read, and the reader says
what it found, dropped, inferred or could not find."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.errors import FormatError, InputError
from diplograph.pipeline import build
from diplograph.read import read_document, read_source, source_listing
from diplograph.read.table import read_row
from diplograph.read.text import layout_of

from .conftest import CASES

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "fixtures" / "real-samples" / "kremlin-ru-2024-2025-scraped.csv"
REAL = sorted(p.name for p in CASES.iterdir() if (p / "gold.json").exists())
DG = "https://w3id.org/diplograph/ontology#"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_there_are_six_real_documents() -> None:
    assert len(REAL) == 6


@pytest.mark.parametrize("name", REAL)
def test_real_document_builds_alone(name: str, tmp_path: Path) -> None:
    result = build(CASES / name / "input.txt", tmp_path / "graph", cache=None)
    assert len(result.documents) == 1 and not result.failed


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("en-special-biden-phone-call-2021", "kremlin-special"),
        ("en-special-sc-information-infrastructure-2022-excerpt", "kremlin-special"),
        ("en-embassy-krutskikh-oewg-2019-excerpt", "embassy"),
        ("en-mid-statement-krutskikh-oewg-2019", "mid"),
        ("en-un-mission-statement-krutskikh-oewg-2019", "un-mission"),
        ("ru-security-council-site-osnovy-2013", "security-council"),
        ("en-print-supplement-patrushev-2021-with-url", "kremlin-print"),
        ("ru-regular-page-russia-china-talks-2025", "kremlin-page"),
        ("ru-special-accessible-russia-china-talks-2025", "kremlin-special"),
        ("ru-scraped-one-line-russia-belarus-2025", "text"),
    ],
)
def test_layout_is_recognised_by_its_rules(name: str, layout: str) -> None:
    assert read_document(CASES / name / "input.txt").format == layout


def test_site_furniture_is_dropped_not_read_as_content() -> None:
    doc = read_document(CASES / "en-embassy-krutskikh-oewg-2019-excerpt" / "input.txt")
    dropped = [doc.span_text(s) for s in doc.furniture]
    assert "Moscow: 22:06" in dropped and "16 June 2019" in dropped  # a clock's date is not the document's
    assert any("days have passed since" in s for s in dropped)
    assert doc.date is None and doc.span_text(doc.title).startswith("Statement by Amb. Andrey Krutskikh")
    kept = " ".join(doc.span_text(p) for p in doc.body)
    assert "Consular" not in kept and "Salisbury" not in kept


def test_accessible_version_breadcrumb_names_the_section() -> None:
    doc = read_document(CASES / "en-special-sc-information-infrastructure-2022-excerpt" / "input.txt")
    assert doc.sections == ["Security Council"] and doc.title_inferred and doc.excerpt and doc.date is None


def test_date_found_and_how() -> None:
    found = {name: read_document(CASES / name / "input.txt") for name in (
        "en-special-biden-phone-call-2021", "en-closing-line-date-biden-2021", "ru-date-in-body-statement-2025",
        "ru-policy-reprint-osnovy-2013-excerpt")}
    assert [(str(d.date), d.date_found) for d in found.values()] == [
        ("2021-07-09", "date line"), ("2021-07-09", "closing line"), ("2025-04-26", "body"), ("None", "unknown")]


def test_one_line_scraper_page_is_cut_into_sentences() -> None:
    doc = read_document(CASES / "ru-scraped-one-line-russia-belarus-2025" / "input.txt")
    assert str(doc.date) == "2025-03-13" and len(doc.body) > 30
    assert not any("Смотрите также" in doc.span_text(p) for p in doc.body)


def test_supplement_list_entries_are_the_listed_people() -> None:
    """kremlin.ru/supplement/6303: every person the site lists is one participant entry."""
    case = CASES / "ru-supplement-participants-congo-2025"
    doc = read_document(case / "input.txt")
    entries = [_squeeze(doc.span_text(e)) for e in doc.participant_entries]
    listed = json.loads((case / "expected.json").read_text(encoding="utf-8"))["participant_entries"]
    assert set(listed) <= set(entries)
    foreign = [e for e in entries if e not in listed]
    assert "Шарль Ришард МОНДЖО – Министр национальной обороны Республики Конго" in foreign
    assert "Омар Дени Жюниор БОНГО ОНДИМБА – советник Президента Республики Конго" in foreign
    assert doc.key == "kremlin-ru-supplement-6303"


def test_counterpart_of_a_call_is_a_participant_entry() -> None:
    doc = read_document(CASES / "en-special-biden-phone-call-2021" / "input.txt")
    assert [doc.span_text(e) for e in doc.participant_entries] == ["President of the United States Joseph Biden"]


def test_saved_html_page_reads_title_date_url_and_language_from_its_markup() -> None:
    doc = read_document(CASES / "en-special-html-sc-information-infrastructure-2022" / "input.html")
    assert doc.span_text(doc.title) == "Security Council meeting" and str(doc.date) == "2022-05-20"
    assert doc.date_found == "metadata" and doc.language == "en" and doc.kremlin_id == "68451"
    assert doc.url == "http://en.special.kremlin.ru/events/security-council/68451"
    assert not any("Select font" in doc.span_text(p) for p in doc.body)


# -- tables ---------------------------------------------------------------------------------------------------

def _names_column(row: dict[str, str]) -> list[str]:
    return [_squeeze(row[f"Name_{k}"]) for k in range(1, 65) if row.get(f"Name_{k}", "").strip()]


def test_table_supplement_entries_are_the_sites_own_lists() -> None:
    """Rows 1–12 of the scraped table: each person of the Name_* cells (the site's lists, never read) is one
    participant entry of the row's document, found in its supplement text."""
    csv.field_size_limit(sys.maxsize)
    source = CASES / "ru-table-kremlin-scraped-csv" / "input.csv"
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    checked = 0
    for n, row in enumerate(rows, 1):
        names = _names_column(row)
        if not names:
            continue
        doc = read_row(source, n)
        entries = {_squeeze(doc.span_text(e)) for e in doc.participant_entries}
        assert set(names) <= entries, (n, sorted(set(names) - entries)[:3])
        checked += len(names)
    assert checked >= 40


def test_table_name_columns_are_never_read(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("title,date,text,Name_1\nВстреча,2025-05-07,Состоялась встреча.,ИВАНОВ Иван Иванович – министр\n",
                     encoding="utf-8")
    doc = read_row(table, 1)
    assert "ИВАНОВ" not in doc.text and doc.participant_entries == []
    assert str(doc.date) == "2025-05-07" and doc.date_found == "table"


def test_table_rows_are_sources_with_stable_names_and_keys(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("title,text\nПервое заявление,Текст первого заявления.\nВторое заявление,Текст второго.\n",
                     encoding="utf-8")
    root, names = source_listing(table)
    assert root == tmp_path and names == ["t.csv#1", "t.csv#2"]
    keys = [read_source(root / n).key for n in names]
    assert keys == ["file-t-csv-1", "file-t-csv-2"] == [read_source(root / n).key for n in names]


def test_table_without_a_text_column_is_refused_by_name(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        source_listing(table)
    assert "bad.csv" in str(info.value) and "--column text=NAME" in str(info.value)


def test_jsonl_columns_named_by_option(tmp_path: Path) -> None:
    table = tmp_path / "t.jsonl"
    table.write_text(json.dumps({"headline": "Заявление", "words": "Текст заявления.", "когда": "2025-05-07"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no column holds the text"):
        source_listing(table)
    doc = read_row(table, 1, {"text": "words", "date": "когда"})
    assert doc.span_text(doc.title) == "Заявление" and str(doc.date) == "2025-05-07"


def test_the_scraped_table_builds_as_a_corpus_of_200(tmp_path: Path) -> None:
    result = build(TABLE, tmp_path / "graph", cache=None, workers=2)
    assert len(result.documents) == 200 == len(set(result.documents)) and not result.failed
    assert all(key.startswith("kremlin-ru-") for key in result.documents)


# -- what the build says ------------------------------------------------------------------------------------------

def test_excerpt_warning_names_the_file_and_the_graph_says_excerpt(tmp_path: Path) -> None:
    source = CASES / "en-special-sc-information-infrastructure-2022-excerpt" / "input.txt"
    out = tmp_path / "graph"
    run = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--no-cache"])
    assert run.exit_code == 0, run.output
    assert re.search(r"warning: .*input\.txt: the text stops mid-sentence: it is an excerpt", run.output)
    store = ox.Store()
    store.load(path=str(out / "diplograph.nq"), format=ox.RdfFormat.N_QUADS)
    typed = store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                    ox.NamedNode(DG + "Excerpt"))
    assert len(list(typed)) == 1


def test_keep_going_says_plainly_when_no_document_was_built(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "menus.txt").write_text("View settings\nFont size:\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        build(corpus, tmp_path / "graph", keep_going=True, cache=None)
    message = str(info.value)
    assert "no document was built" in message and "empty.txt" in message and "menus.txt" in message
    assert not (tmp_path / "graph").exists()


def test_layout_of_plain_text_is_text() -> None:
    assert layout_of("Заявление\n\nТекст.\n", None)["id"] == "text"
