"""Readers: format detection, normalisation, and a clear error for every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplograph.errors import EncodingError, FormatError
from diplograph.read import read_document
from diplograph.read.normalise import normalise

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EN = CORPUS / "000_7955f8b4e9ebe254.txt"
RU = CORPUS / "002_8d702fc43057f274.txt"


def write(tmp_path: Path, data: bytes | str, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_english_page_parts() -> None:
    doc = read_document(EN)
    assert doc.format == "kremlin-en-page" and doc.language == "en"
    assert doc.span_text(doc.title) == "Security Council meeting"
    assert str(doc.date) == "2021-03-26" and str(doc.time) == "18:20:00"
    assert doc.place and doc.span_text(doc.place) == "Novo-Ogaryovo, Moscow Region"
    assert doc.kremlin_id == "65231" and doc.direct_link == "http://en.kremlin.ru/d/65231"
    assert doc.topics == ["National security"] and doc.sections == ["News", "Transcripts", "Security Council"]
    assert doc.last_updated is not None and doc.last_updated.isoformat() == "2021-03-27T11:02:00"
    assert "Events" not in [doc.span_text(p) for p in doc.preamble + doc.body]


def test_russian_text_parts() -> None:
    doc = read_document(RU)
    assert doc.format == "kremlin-ru-text" and doc.language == "ru"
    assert str(doc.date) == "2020-09-25" and str(doc.time) == "13:30:00"
    assert doc.url == "http://kremlin.ru/events/president/news/copy/64086" and doc.kremlin_id == "64086"
    assert len(doc.body) == 7


def test_russian_date_from_the_body_when_no_date_line(tmp_path: Path) -> None:
    text = "Заявление о сотрудничестве\n\nВстреча состоялась 3 марта 2019 года в Москве.\n\nhttp://kremlin.ru/events/president/news/1\n"
    assert str(read_document(write(tmp_path, text)).date) == "2019-03-03"


def test_normalisation_replaces_no_break_characters_and_keeps_yo() -> None:
    assert normalise("a\u00a0b\u2011c\u00add Четвёртое\r\n") == "a b-cd Четвёртое\n"


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", FormatError, "empty"),
        (b"   \n\n", FormatError, "empty"),
        (b"\x00\x01binary", EncodingError, "binary"),
        ("Заявление о мире\n\nТекст.\n".encode("cp1251"), EncodingError, "Windows-1251"),
        (b"<!DOCTYPE html><html><body>x</body></html>", FormatError, "no text"),
        (b"Meeting\n", FormatError, "no text"),
        (b"View settings\n\nFont size:\nSite colours:\n\nDocument /\n", FormatError, "no text"),
    ],
)
def test_bad_input_names_file_and_problem(tmp_path: Path, data: bytes, error: type, words: str) -> None:
    path = write(tmp_path, data, "bad.txt")
    with pytest.raises(error) as info:
        read_document(path)
    assert "bad.txt" in str(info.value) and words in str(info.value)


def test_refusal_says_what_would_be_accepted(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        read_document(write(tmp_path, b"Meeting\n", "bad.txt"))
    assert "kremlin.ru page saved as text" in str(info.value) and "CSV" in str(info.value)


def test_plain_text_in_no_known_layout_is_read(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "just some words\nin no format\n"))
    assert doc.span_text(doc.title) == "just some words" and not doc.title_inferred
    assert [doc.span_text(p) for p in doc.body] == ["in no format"] and doc.date is None


def test_russian_text_without_a_date_builds_with_its_date_unknown(tmp_path: Path) -> None:
    text = "Заявление без даты\n\nТекст без даты.\n\nhttp://kremlin.ru/events/president/news/1\n"
    doc = read_document(write(tmp_path, text))
    assert doc.date is None and doc.date_found == "unknown" and doc.kremlin_id == "1"
    assert any("date is unknown" in note for note in doc.record)


def test_text_cut_mid_sentence_is_an_excerpt(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "Заявление\n\n2020-09-25 13:30:00\n\nТекст оборван"))
    assert doc.excerpt and str(doc.date) == "2020-09-25" and doc.span_text(doc.title) == "Заявление"
    assert any("excerpt" in note for note in doc.record)


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_truncated_english_page_is_read_as_far_as_it_goes(tmp_path: Path, fraction: float) -> None:
    """A page cut anywhere is an excerpt of what it holds, or — when the cut leaves only the site's menus — refused
    by name."""
    data = EN.read_bytes()
    cut = data[: int(len(data) * fraction)].decode("utf-8", errors="ignore")
    try:
        doc = read_document(write(tmp_path, cut, "cut.txt"))
    except FormatError as exc:
        assert "cut.txt" in str(exc) and "no text" in str(exc)
        return
    assert doc.span_text(doc.title) == "Security Council meeting" and (doc.excerpt or cut.rstrip()[-1] in ".!?>")
    assert str(doc.date) == "2021-03-26" or (doc.date is None and "March 26, 2021" not in cut)


def test_corpus_listing_matches_a_recursive_glob(tmp_path: Path) -> None:
    """The listing is the .txt files a recursive glob finds, in Path order (by component: 'a/b' before 'a-c'),
    without following links to folders, without folders named *.txt (a dangling link is an error that names it:
    tests/test_corpus_walking.py)."""
    import os

    from diplograph.read import corpus_files, corpus_listing

    for relative in ["a/b.txt", "a-c.txt", "a.txt", "A.txt", ".hidden.txt", "x.TXT", "sub/deep/z.txt", "sub.txt/q.txt"]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    os.symlink(tmp_path / "a.txt", tmp_path / "link.txt")
    os.symlink(tmp_path / "sub", tmp_path / "linked-folder")
    expected = sorted(p for p in tmp_path.rglob("*.txt") if p.is_file())
    assert corpus_files(tmp_path) == expected
    root, relatives = corpus_listing(tmp_path)
    assert relatives[:4] == [".hidden.txt", "A.txt", "a/b.txt", "a-c.txt"]
    assert "linked-folder/deep/z.txt" not in relatives and "x.TXT" not in relatives
    assert corpus_listing(tmp_path / "a.txt") == (tmp_path, ["a.txt"])
    with pytest.raises(FormatError, match="no such file"):
        corpus_listing(tmp_path / "nowhere")
