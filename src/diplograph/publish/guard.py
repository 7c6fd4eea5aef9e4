"""What a build may write over: the output folder is replaced whole, so it must be one a build made.

A build writes a marker file (`.diplograph-build`) into every folder it publishes; the swap that puts a new build in
place replaces only a folder that holds it (or an empty one, or none). The output and the cache must also stay clear
of the build's inputs — the corpus, the reference data, the shapes — which a swap would otherwise delete, and of
each other. Every refusal is a usage error (exit 2) that names the path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import UsageError

BUILD_MARKER = ".diplograph-build"
MARKER_TEXT = (
    "This folder was published by 'diplograph build'. A new build replaces it whole, and a build replaces only a\n"
    "folder that holds this file.\n"
)
# A cache folder carries the standard tag that tells backup tools it can be made again (bford.info/cachedir).
CACHE_TAG = "CACHEDIR.TAG"
CACHE_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This is the build cache of 'diplograph build'; it can be deleted at any time.\n"
)
_OLD_CACHE_FILE = "sources.pickle"  # the only file a cache made before the tag existed is sure to hold


def _relation(a: Path, b: Path) -> str | None:
    """How resolved path `a` stands to resolved path `b`: 'is', 'is inside', 'contains', or None."""
    if a == b:
        return "is"
    if b in a.parents:
        return "is inside"
    if a in b.parents:
        return "contains"
    return None


# An output or cache folder may lie inside the corpus: what a build writes there (.ttl, .nq, .jsonld, the cache's
# pickles) is never read as a document, and replacing it deletes nothing of the corpus. Inside the reference data or
# the shapes it would be read as input (their *.yaml and *.ttl files), so there it is refused like any overlap.
_MAY_HOLD = frozenset({"corpus"})


def _clear_of(option: str, role: str, path: Path, given: Path, others: Mapping[str, Path]) -> None:
    for name, other in others.items():
        how = _relation(path, other.resolve())
        if how is not None and not (how == "is inside" and name in _MAY_HOLD):
            raise UsageError(f"{option}: the {role} {how} the {name} ({other}); the two must be apart, or a build "
                             f"would write over the {name}", path=given,
                             hint=f"give {option} a folder outside the {name}")


def check_output(out: Path, inputs: Mapping[str, Path]) -> Path:
    """The output folder, resolved, once it is safe to replace: absent, empty, or a previous build (it holds the
    marker); and neither the same as nor around any of `inputs` (name → path), nor inside one but the corpus."""
    target = out.resolve()
    if not target.name:
        raise UsageError("the output folder cannot be the root of the file system", path=out)
    _clear_of("--out", "output folder", target, out, inputs)
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise UsageError("the output is not a folder; a build publishes a folder and will not replace a file",
                             path=out, hint="give --out a new folder name")
        if not (target / BUILD_MARKER).is_file() and any(target.iterdir()):
            raise UsageError(
                f"the output folder holds files and is not a diplograph build (it has no {BUILD_MARKER}); a build "
                "replaces its output whole and will not delete what it did not make",
                path=out, hint="give --out a new or empty folder, or the folder of an earlier build",
            )
    return target


def check_cache(cache: Path, out: Path, inputs: Mapping[str, Path]) -> Path:
    """The cache folder, resolved, once it is safe to write into: absent, empty, or a cache (it holds the cache
    tag, or a cache's source hashes); apart from the inputs and from the output folder."""
    folder = cache.resolve()
    if not folder.name:
        raise UsageError("the cache folder cannot be the root of the file system", path=cache)
    _clear_of("--cache", "cache folder", folder, cache, {**inputs, "output folder": out})
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise UsageError("the cache is not a folder", path=cache, hint="give --cache a new folder name")
        known = (folder / CACHE_TAG).is_file() or (folder / _OLD_CACHE_FILE).is_file()
        if not known and any(folder.iterdir()):
            raise UsageError(
                f"the cache folder holds files and is not a diplograph build cache (it has no {CACHE_TAG})",
                path=cache, hint="give --cache a new or empty folder, or --no-cache",
            )
    return folder


def default_cache(out: Path) -> Path:
    """Where the cache goes when none is given: `.NAME.cache` beside the (resolved) output folder."""
    target = out.resolve()
    return target.parent / f".{target.name}.cache"


def write_marker(folder: Path) -> None:
    (folder / BUILD_MARKER).write_text(MARKER_TEXT, encoding="utf-8", newline="\n")


def tag_cache(folder: Path) -> None:
    tag = folder / CACHE_TAG
    if not tag.is_file():
        tag.write_text(CACHE_TAG_TEXT, encoding="utf-8", newline="\n")
