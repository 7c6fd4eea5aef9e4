"""Extraction takes time linear in its input: a long token of any character class costs no more than its length.

A document of the corpus gets one long token (64 KB, then 1 MB) in the middle of its body, and the whole
extraction runs on it under a CPU-time budget: the 64 KB run must finish within a fixed generous budget, the
1 MB run within a multiple of the 64 KB run's time that a linear pattern meets sixteen times over and a
quadratic one (256 times the 64 KB time) does not. No wall clock: the budget is the process's own CPU time,
so other load on the machine does not make the test fail.
"""

from __future__ import annotations

import base64
import random
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from diplograph import paths
from diplograph.extract.document import extract
from diplograph.pipeline import shared_linker
from diplograph.read import read_document

SEEDS = {"en": "000_7955f8b4e9ebe254.txt", "ru": "002_8d702fc43057f274.txt"}
# One unit repeated to the token's length: letters of either case and script, digits, base64, punctuation
# without spaces, and the shapes the name patterns look at (capitalised words with and without spaces).
UNITS = {
    "latin-upper": "A",
    "latin-lower": "a",
    "latin-capitalised": "Aa",
    "digits": "1",
    "punctuation": "-.",
    "slashes": "/",
    "initials": "A.",
    "cyrillic-upper": "Ж",
    "cyrillic-lower": "ж",
    "cyrillic-capitalised": "Жж",
    "base64": "",
    "capitals-spaced": "A ",
    "names-spaced": "Ivan Ivanov ",
    "russian-names-listed": "Иван Петров, ",
    "uppercase-surnames": "ИВАНОВ Иван – ",
    "separators-spaced": ". , ; ",
    "cue-words-glued": "резолюцияresolution",
    "russian-tooltip-shapes": "Иван Петров Петров Иван ",
    "head-nouns": "Договор Совета ",
}
SMALL, LARGE = 64 * 1024, 1024 * 1024
SMALL_BUDGET = 5.0  # CPU seconds for 64 KB; linear extraction takes well under half a second
RATIO = 48  # a linear pattern needs 16 times the 64 KB time for 1 MB, a quadratic one 256 times


class OverBudget(Exception):
    pass


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget once this process has used `seconds` of CPU time inside the block."""

    def expire(signum: int, frame: object) -> None:
        raise OverBudget

    old = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def token(unit: str, size: int) -> str:
    if not unit:
        return base64.b64encode(random.Random(1).randbytes(size)).decode()[:size]
    return (unit * (size // len(unit) + 1))[:size]


def extraction_time(tmp_path: Path, language: str, unit: str, size: int, budget: float) -> float:
    text = (paths.CORPUS / SEEDS[language]).read_text(encoding="utf-8")
    cut = text.find("\n", len(text) // 2)
    path = tmp_path / f"{language}-{size}.txt"
    path.write_text(text[:cut] + " " + token(unit, size) + " end." + text[cut:], encoding="utf-8")
    doc = read_document(path)
    linker = shared_linker(paths.REFERENCE)
    start = time.process_time()
    with cpu_budget(budget):
        extract(doc, linker)
    return time.process_time() - start


@pytest.mark.parametrize("language", sorted(SEEDS))
@pytest.mark.parametrize("kind", sorted(UNITS))
def test_extraction_is_linear_in_a_long_token(tmp_path: Path, language: str, kind: str) -> None:
    unit = UNITS[kind]
    try:
        small = extraction_time(tmp_path, language, unit, SMALL, SMALL_BUDGET)
    except OverBudget:
        pytest.fail(f"{kind} token of 64 KB: extraction took over {SMALL_BUDGET} s of CPU")
    budget = RATIO * max(small, 0.05)
    try:
        extraction_time(tmp_path, language, unit, LARGE, budget)
    except OverBudget:
        pytest.fail(f"{kind} token of 1 MB: extraction took over {budget:.1f} s of CPU ({RATIO} x the 64 KB time)")
