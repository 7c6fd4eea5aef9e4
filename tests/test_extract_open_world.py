"""Extraction on the real samples (tests/fixtures/real-samples): documents of layouts the readers may not read,
given to the extractors as plain text (a title line, one paragraph a line; date and language from the gold)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.extract.facts import DocumentFacts
from diplograph.extract.offices import infer_offices
from diplograph.extract.text import sentences
from diplograph.link.linker import Linker
from diplograph.read import read_document
from diplograph.read.paragraphs import lines
from diplograph.read.source import SourceDocument, Span

SAMPLES = Path(__file__).parent / "fixtures" / "real-samples"


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.from_folder(paths.REFERENCE)


def sample(name: str) -> SourceDocument:
    path = SAMPLES / "docs" / f"{name}.txt"
    meta = json.loads((SAMPLES / "gold" / f"{name}.json").read_text(encoding="utf-8"))["document"]
    text = path.read_text(encoding="utf-8")
    spans = [s for s in lines(text) if s.of(text).strip()]
    if len(spans) == 1:  # a scraped page on one line: its first sentence is the title
        first = sentences(text, spans[0])[0]
        spans = [first, Span(first.end + 1, spans[0].end)]
    return SourceDocument(
        path=str(path), file_name=path.name, checksum="", text=text, format="plain", language=meta["language"],
        title=spans[0], date=dt.date.fromisoformat(meta["date"]) if meta["date"] else None,  # type: ignore[arg-type]
        body=spans[1:],
    )


def facts_of(name: str, linker: Linker) -> DocumentFacts:
    return extract(sample(name), linker)


def test_host_office_not_printed_is_inferred_from_dated_holdings(linker: Linker) -> None:
    # "Vladimir Putin had a telephone conversation with President of the United States Joseph Biden."
    facts = facts_of("010_en_biden_telephone_conversation_2021", linker)
    by_slug = {p.person.slug: p for p in facts.participants}
    putin = by_slug["vladimir-putin"]
    assert putin.inferred and putin.office_written is None
    assert putin.office is not None and putin.office.slug == "president-of-russia"
    biden = by_slug["joe-biden"]
    assert not biden.inferred and biden.office_written == "President of the United States"


def test_no_office_is_inferred_without_a_date(linker: Linker) -> None:
    facts = facts_of("010_en_biden_telephone_conversation_2021", linker)
    putin = next(p for p in facts.participants if p.person.slug == "vladimir-putin")
    putin.office, putin.inferred = None, False
    assert infer_offices(facts.participants, [(putin.person, putin.span)], linker, None) == []
    assert putin.office is None and not putin.inferred


def _mentioned(facts: DocumentFacts) -> dict[str, tuple[str, str | None]]:
    return {m.ref.label: (m.ref.category, m.ref.kind) for m in facts.mentions}


def test_named_treaty_in_an_oblique_case_is_an_instrument_in_the_nominative(linker: Linker) -> None:
    # "… государств – участников Договора о создании Союзного государства на 2024 – 2026 годы"
    found = _mentioned(facts_of("016_ru_russia_belarus_joint_statement_2025", linker))
    assert found["Договор о создании Союзного государства"] == ("instrument", "treaty")
    assert found["Концепция информационной безопасности Союзного государства"] == ("instrument", "policy_document")


def test_named_body_with_capitalised_adjectives_before_its_head(linker: Linker) -> None:
    # "рассмотрев ход выполнения решений Высшего Государственного Совета Союзного государства по …"
    found = _mentioned(facts_of("016_ru_russia_belarus_joint_statement_2025", linker))
    assert found["Высший Государственный Совет Союзного государства"] == ("organisation", None)
    assert found["Международная организация по русскому языку"] == ("organisation", None)


def test_quoted_name_runs_to_the_closing_quote(linker: Linker) -> None:
    # "их совместную инициативу о разработке «Евразийской хартии многообразия и многополярности в XXI веке»"
    found = _mentioned(facts_of("016_ru_russia_belarus_joint_statement_2025", linker))
    assert found["Евразийская хартия многообразия и многополярности в XXI веке"][0] == "instrument"


def test_english_named_body_is_an_organisation(linker: Linker) -> None:
    # "… express gratitude to the UN Office for Disarmament Affairs and, personally, …"
    found = _mentioned(facts_of("006_en_krutskikh_oewg_first_session_2019", linker))
    assert found["UN Office for Disarmament Affairs"] == ("organisation", None)


def test_english_body_name_does_not_run_into_the_person_after_it(linker: Linker) -> None:
    # Seed 000: "Federation Council Speaker Valentina Matviyenko Matviyenko Valentina …" — the Federation Council is
    # a reference body; no minted body may take the words after it.
    doc = read_document(paths.CORPUS / "000_7955f8b4e9ebe254.txt")
    minted = [m.ref.label for m in extract(doc, linker).mentions if m.ref.entity is None
              and m.ref.category == "organisation"]
    assert not any("Matviyenko" in label or "Speaker" in label for label in minted), minted


def test_lead_in_sentence_of_numbered_points_is_not_a_programme(linker: Linker) -> None:
    # Seed 000: "In this regard, I would like to highlight several points that I see as crucial." then "First, …":
    # the points are Putin's, in his speech; the sentence names no programme, so none is published.
    facts = extract(read_document(paths.CORPUS / "000_7955f8b4e9ebe254.txt"), linker)
    assert [p.ordinal for p in facts.proposals if p.ordinal] == [1, 2, 3, 4, 5]
    assert facts.programmes and not any(p.named for p in facts.programmes)
    from diplograph.build.document_graph import build_document_graph
    from diplograph.build.iris import DG, Minter

    graph = build_document_graph(facts, Minter(), linker)
    assert not list(graph.subjects(predicate=None, object=DG.Programme))


def test_programme_the_text_names_is_one(linker: Linker) -> None:
    # Seed 002: "… обратиться к США с предложением одобрить комплексную программу практических мер по перезагрузке …"
    facts = extract(read_document(paths.CORPUS / "002_8d702fc43057f274.txt"), linker)
    (programme,) = facts.programmes
    assert programme.named and programme.label.startswith("программу практических мер по перезагрузке")


def test_named_treaty_in_the_reference_set_is_linked_not_minted(linker: Linker) -> None:
    # "… Договора о нераспространении ядерного оружия в свете попыток группы государств Запада …"
    facts = facts_of("016_ru_russia_belarus_joint_statement_2025", linker)
    npt = [m for m in facts.mentions if "нераспространении" in m.span.of(facts.source.text)]
    assert npt and all(m.ref.entity is not None and m.ref.slug == "npt" for m in npt)


@pytest.mark.parametrize("sentence,name,office", [
    # Leads of the sample table (kremlin.ru, 2025).
    ("Состоялся телефонный разговор Владимира Путина с Президентом Исламской Республики Иран Масудом Пезешкианом.",
     "Масуд Пезешкиан", "Президентом Исламской Республики Иран"),
    ("Состоялся телефонный разговор Владимира Путина с Премьер-министром Индии Нарендрой Моди.",
     "Нарендра Моди", "Премьер-министром Индии"),
    ("Состоялся телефонный разговор Владимира Путина с Президентом Объединённых Арабских Эмиратов Мухаммедом Бен "
     "Заидом Аль Нахайяном.", "Мухаммед Бен Заид Аль Нахайян", "Президентом Объединённых Арабских Эмиратов"),
    ("В Большом Кремлёвском дворце прошли переговоры Владимира Путина с Президентом Боливарианской Республики "
     "Венесуэла Николасом Мадуро, который находится в России с официальным визитом.",
     "Николас Мадуро", "Президентом Боливарианской Республики Венесуэла"),
])
def test_unknown_counterpart_in_the_instrumental_is_named_in_the_nominative(
    linker: Linker, sentence: str, name: str, office: str
) -> None:
    from diplograph.extract.participants import find_participants

    text = "Телефонный разговор\n" + sentence
    doc = SourceDocument(path="t.txt", file_name="t.txt", checksum="", text=text, format="kremlin-ru-text",
                         language="ru", title=Span(0, 19), date=dt.date(2025, 5, 7), body=[Span(20, len(text))])
    found = {p.person.label: p for p in find_participants(doc, linker)}
    assert "Владимир Путин" in found
    assert found[name].office_written == office


def test_person_who_chaired_the_meeting_takes_part(linker: Linker) -> None:
    # Sample 008: "… approved the draft Basic Principles … during a meeting chaired by President Putin."
    facts = facts_of("008_en_patrushev_statement_basic_principles_2021", linker)
    assert "vladimir-putin" in {p.person.slug for p in facts.participants}


def test_author_line_names_the_speaker_and_the_office_beside_the_name(linker: Linker) -> None:
    # Sample 006: "Statement by Amb. Andrey Krutskikh, Special Representative of the President of the Russian
    # Federation for International Cooperation in the Field of Information Security at the First Session of …"
    facts = facts_of("006_en_krutskikh_oewg_first_session_2019", linker)
    (author,) = [p for p in facts.participants if p.person.slug == "andrey-krutskikh"]
    assert author.office_written == ("Special Representative of the President of the Russian Federation for "
                                     "International Cooperation in the Field of Information Security")
    assert [t.speaker.slug for t in facts.turns if t.speaker] == ["andrey-krutskikh"]
