"""The build cache: what an unchanged document, or an unchanged part of the corpus, needs no second time.

Three things are kept, each reused only when everything that shapes it is unchanged — the document's bytes and the
pipeline (the package's code and version, the extraction rules, the reference data, the shapes, the vocabularies and
the base IRI, together the *fingerprint*):

* the hash of each source file, by its path, size, inode and change times, so an unchanged file is not read again
  (`sources.pickle`, at the top of the cache: hashes do not depend on the pipeline);
* each document's published pieces, by the hash of its bytes and its file name (`FINGERPRINT/documents/`):
  for a corpus published in parts, the part that holds its texts and where they lie in its files; for a small
  corpus, the pieces themselves (compressed pickles);
* each finished part of a large corpus — its data files, its per-document Turtle, its metadata records and its
  statistics — by the hash of its members (`FINGERPRINT/parts/`). The published bundle links these files rather than
  copying them, so an unchanged part costs a few system calls on the next build.

The cache is a local build artefact (beside the output folder by default); delete it at any time.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__, paths
from .errors import DiskFull, InputError, disk_full
from .publish.bundle import DocumentOutput, PartInfo, Spans, read_texts
from .publish.guard import tag_cache
from .read.normalise import MAX_BYTES

_PACKAGE = Path(__file__).resolve().parent


def fingerprint(reference: Path, shapes: Path, base: str) -> str:
    digest = hashlib.sha256(f"{__version__}\0{base}\0".encode())
    sources = sorted(_PACKAGE.rglob("*.py")) + sorted(_PACKAGE.rglob("*.yaml"))
    sources += (
        sorted(reference.glob("*.yaml")) + sorted(shapes.glob("*.ttl")) + sorted(paths.ONTOLOGY.glob("*.ttl"))
    )
    for path in sources:
        digest.update(str(path.name).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError as exc:
        if disk_full(exc):
            raise DiskFull(path) from None
        raise
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if disk_full(exc):
            raise DiskFull(path) from None
        raise


def _read_pickle(path: Path) -> object | None:
    try:
        return pickle.loads(zlib.decompress(path.read_bytes()))
    except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None  # absent or unreadable: whatever it held is simply made again


def _write_pickle(path: Path, value: object) -> None:
    _write_atomically(path, zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1))


class SourceHashes:
    """The SHA-256 of each source file, trusted while the file's size, inode and change times are the ones seen
    when it was hashed (the way version control tells an unchanged file without reading it).

    Each entry is one 64-byte string (the four stamps packed, then the digest), by absolute path: kept for every
    file of the corpus, it must stay small."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / "sources.pickle" if folder is not None else None
        known = _read_pickle(self.path) if self.path is not None else None
        self.known: dict[str, bytes] = known if isinstance(known, dict) else {}
        self.seen: dict[str, bytes] = {}

    def sha256(self, path: Path) -> str:
        try:
            st = path.stat()
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
        if st.st_size > MAX_BYTES:  # refused by the reader without reading it; not worth reading to hash either
            return hashlib.sha256(f"over the size limit: {st.st_size} bytes".encode()).hexdigest()
        stamp = _STAMP.pack(st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
        key = os.path.abspath(path)  # no system call: the stamp, not the name, says whether the file changed
        entry = self.known.get(key)
        if isinstance(entry, bytes) and len(entry) == _STAMP.size + 32 and entry.startswith(stamp):
            self.seen[key] = entry
            return entry[_STAMP.size :].hex()
        sha = file_sha256(path)
        self.seen[key] = stamp + bytes.fromhex(sha)
        return sha

    def save(self) -> None:
        """Keep the hashes of the files seen in this build (and only those)."""
        if self.path is not None and self.seen != self.known:
            _write_pickle(self.path, self.seen)


_STAMP = struct.Struct("<QQqq")  # size, inode, modification and change times (ns)


@dataclass
class CachedPart:
    """A finished part in the cache: its folder (data files, documents/, records.ttl) and what the bundle needs to
    know of it without reading its files."""

    folder: Path
    info: PartInfo


@dataclass
class DocumentInPart:
    """A document whose texts a cached part holds: its output without them, the part's id and where they lie."""

    output: DocumentOutput
    part: str
    spans: Spans


class BuildCache:
    """The cache folder of one pipeline. What a build adds to it is noted in `created`, so that a build that fails
    can take it out again (`discard_created`): a failed build leaves the cache as it found it."""

    def __init__(self, folder: Path, pipeline: str) -> None:
        self.root = folder
        self.created: list[Path] = [] if folder.exists() else [folder]
        self.folder = folder / pipeline
        if not self.folder.exists():
            self.created.append(self.folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag_cache(folder)
        except OSError as exc:
            if disk_full(exc):
                raise DiskFull(folder) from None
            raise
        self.parts = self.folder / "parts"

    def _new(self, path: Path) -> Path:
        """Note `path`, and the folders above it that writing it will make, when they do not exist yet."""
        missing = [path] + list(itertools.takewhile(lambda p: not p.exists(), path.parents))
        if not path.exists():
            self.created += reversed(missing)
        return path

    def discard_created(self) -> None:
        """Remove what this build wrote into the cache (newest first); entries it only replaced stay."""
        for path in reversed(self.created):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        self.created.clear()

    def _path(self, sha256: str, name: str, kind: str = "pickle") -> Path:
        """A document's entry, by the hash of its bytes and its file name (the graph records the name): its pieces
        whole (`pickle`) or where a part holds them (`place`)."""
        named = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        return self.folder / "documents" / sha256[:2] / f"{sha256}-{named}.{kind}.z"

    def has(self, sha256: str, name: str) -> bool:
        return self._path(sha256, name).is_file() or self._in_part(sha256, name, texts=False) is not None

    def get(self, sha256: str, name: str) -> DocumentOutput | None:
        """The document's published pieces, or None when the cache does not hold them whole."""
        item = _read_pickle(self._path(sha256, name))
        if item is None:
            item = self._in_part(sha256, name, texts=True)
        if isinstance(item, DocumentOutput) and item.sha256 == sha256 and Path(item.file).name == name:
            return item
        return None

    def _in_part(self, sha256: str, name: str, *, texts: bool) -> DocumentOutput | None:
        """The document as a cached part holds it (without its texts unless `texts`), or None when no part does."""
        item = _read_pickle(self._path(sha256, name, "place"))
        if not isinstance(item, DocumentInPart):
            return None
        folder = self.parts / item.part
        if not (folder / "part.pickle.z").is_file():
            return None  # the part was pruned: the document is made again
        if not texts:
            return item.output
        try:
            turtle, nquads, jsonld = read_texts(folder, item.output.key, item.spans)
        except (OSError, UnicodeDecodeError):
            return None
        return replace(item.output, turtle=turtle, nquads=nquads, jsonld=jsonld)

    def put(self, output: DocumentOutput) -> None:
        """Keep a document's pieces whole (a corpus small enough to be published without parts)."""
        _write_pickle(self._new(self._path(output.sha256, Path(output.file).name)), output)

    def put_in_part(self, part_id: str, documents: Iterable[tuple[DocumentOutput, Spans]]) -> None:
        """Keep where the documents of a part just kept lie in it: a few hundred bytes each instead of their texts
        compressed again."""
        for output, spans in documents:
            path = self._new(self._path(output.sha256, Path(output.file).name, "place"))
            _write_pickle(path, DocumentInPart(output, part_id, spans))

    # -- parts ---------------------------------------------------------------------------------------------------

    def has_part(self, part_id: str) -> bool:
        return (self.parts / part_id / "part.pickle.z").is_file()

    def part(self, part_id: str) -> CachedPart | None:
        folder = self.parts / part_id
        info = _read_pickle(folder / "part.pickle.z")
        return CachedPart(folder, info) if isinstance(info, PartInfo) else None

    def new_part_folder(self) -> Path:
        """A private folder to write a part into; `keep_part` publishes it into the cache in one rename."""
        self._new(self.parts).mkdir(parents=True, exist_ok=True)
        return self._new(Path(tempfile.mkdtemp(prefix=".new-", dir=self.parts)))

    def keep_part(self, part_id: str, folder: Path, info: PartInfo) -> Path:
        _write_pickle(folder / "part.pickle.z", info)
        target = self.parts / part_id
        if target.exists():  # another build made the same part meanwhile: the two are identical
            shutil.rmtree(folder, ignore_errors=True)
            return target
        os.replace(folder, self._new(target))
        return target

    def prune_parts(self, keep: Iterable[str]) -> None:
        """Remove the parts no longer in the corpus (and any half-written by a build that was killed) once they
        outnumber the parts in use, so the cache stays within about twice the bundle while a rebuild after one edit
        does not pay for deleting the part it replaced. Called after a build that succeeded."""
        wanted = set(keep)
        if not self.parts.is_dir():
            return
        stale = [folder for folder in self.parts.iterdir() if folder.name not in wanted]
        if len(stale) <= len(wanted):
            return
        for folder in stale:
            shutil.rmtree(folder, ignore_errors=True)
