"""Corpus walking (issue 13): every .txt entry that cannot be a document is named, never skipped in silence or
followed out of the corpus; a file's size is checked before it is read; names print escaped."""

from __future__ import annotations

import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from diplograph.errors import FormatError
from diplograph.read import corpus_listing
from diplograph.read.normalise import MAX_BYTES, read_text

from .clirun import run

ROOT = Path(__file__).resolve().parents[1]
ONE_DOCUMENT = sorted((ROOT / "corpus").glob("*.txt"))[0]






def test_symlink_loop_is_exit_3_without_a_name(corpus: Path, tmp_path: Path) -> None:
    (corpus / "loop.txt").symlink_to("loop.txt")
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--no-cache")
    assert code == 2 and "loop.txt" in message and "loop" in message.split("loop.txt", 1)[1]


def test_dangling_link_is_skipped_silently(corpus: Path) -> None:
    (corpus / "gone.txt").symlink_to(corpus / "nothing-here.txt")
    with pytest.raises(FormatError, match="gone.txt.*leads nowhere"):
        corpus_listing(corpus)


def test_fifo_is_skipped_silently(corpus: Path) -> None:
    os.mkfifo(corpus / "pipe.txt")
    with pytest.raises(FormatError, match="pipe.txt.*not a regular file"):
        corpus_listing(corpus)


def test_symlink_outside_the_corpus_is_followed(corpus: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    shutil.copy(ONE_DOCUMENT, secret)  # a readable document, so only the rule can refuse it
    (corpus / "elsewhere.txt").symlink_to(secret)
    with pytest.raises(FormatError, match="elsewhere.txt.*outside the corpus"):
        corpus_listing(corpus)
    (corpus / "elsewhere.txt").unlink()
    (corpus / "inside.txt").symlink_to(corpus / ONE_DOCUMENT.name)  # a link within the corpus is read
    root, relatives = corpus_listing(corpus)
    assert relatives == sorted([ONE_DOCUMENT.name, "inside.txt"])


def test_oversized_file_is_read_whole_before_the_size_check(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(4 * MAX_BYTES)  # sparse: 64 MiB that take no disk
    tracemalloc.start()
    try:
        with pytest.raises(FormatError, match=f"{4 * MAX_BYTES} bytes, over the {MAX_BYTES}-byte limit"):
            read_text(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_BYTES // 4


def test_file_names_with_control_characters_are_printed_raw(corpus: Path, tmp_path: Path) -> None:
    name = "evil\n\x1b[31mred\u202etxt.exe.txt"
    (corpus / name).write_text("not a document\n", encoding="utf-8")
    code, message = run("build", str(corpus), "--out", str(tmp_path / "g"), "--no-cache")
    assert code == 2
    assert "\x1b" not in message and "\u202e" not in message
    assert "evil\\n\\x1b[31mred\\u202etxt.exe.txt" in message
    assert len(message.strip().splitlines()) == 1
