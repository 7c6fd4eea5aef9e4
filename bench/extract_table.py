"""Extraction speed on a scraped table of kremlin.ru items (the sample table: one row per item, the page text in
`article_full_text_1…10`): each row's text is given to the extractors as a plain document (the title, then the
text as one paragraph), and the CPU time of extraction alone is measured.

    PYTHONPATH=src python3 bench/extract_table.py [TABLE.csv] [--fill-date]

TABLE defaults to ../shared/real-samples/kremlin-ru-2024-2025-scraped.csv; `--fill-date` gives rows without a date
1 January 2025.

Last line: `rows=N extract_cpu_s=S docs_per_s=D participants=P mentions=M`.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import time
from pathlib import Path

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.pipeline import shared_linker
from diplograph.read.source import SourceDocument, Span

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "real-samples" / "kremlin-ru-2024-2025-scraped.csv"


def documents(table: Path, fill_date: dt.date | None = None) -> list[SourceDocument]:
    """The table's rows as documents; a row without a date gets `fill_date` (an extractor that needs a date, as
    before the extractors coped with none, can then be measured on the same rows)."""
    csv.field_size_limit(1 << 30)
    out = []
    with table.open(encoding="utf-8-sig", newline="") as f:
        for n, row in enumerate(csv.DictReader(f)):
            body = "".join(row.get(f"article_full_text_{i}") or "" for i in range(1, 11))
            title = row["title"]
            text = title + "\n" + body
            day = dt.date.fromisoformat(row["date"][:10]) if row.get("date") else fill_date
            out.append(SourceDocument(
                path=str(table), file_name=f"row-{n}.txt", checksum="", text=text, format="plain", language="ru",
                title=Span(0, len(title)), date=day,  # type: ignore[arg-type]
                body=[Span(len(title) + 1, len(text))] if body else [],
            ))
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    table = Path(args[0]) if args else DEFAULT
    docs = documents(table, dt.date(2025, 1, 1) if "--fill-date" in sys.argv else None)
    linker = shared_linker(paths.REFERENCE)
    extract(docs[0], linker)  # load the dictionaries and indexes outside the measure
    start = time.process_time()
    participants = mentions = 0
    for doc in docs:
        facts = extract(doc, linker)
        participants += len(facts.participants)
        mentions += len(facts.mentions)
    cpu = time.process_time() - start
    print(f"rows={len(docs)} extract_cpu_s={cpu:.2f} docs_per_s={len(docs) / cpu:.1f} "
          f"participants={participants} mentions={mentions}")


if __name__ == "__main__":
    main()
