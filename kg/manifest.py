"""What the last build made of each file, kept beside the store for incremental builds.

``DIR/manifest.json`` maps each source file to the hash of its bytes, the
named graph built from it, the concepts it used and what happened to it. A
file whose hash has not changed is not read again; a file no longer given has
its graph removed. The manifest also says what made the build: the base of
its IRIs and a hash of the code and tables of ``kg``. When either differs,
nothing of the last build is kept: unchanged files would otherwise keep graphs
with old IRIs, or what an older extractor made of them. The manifest is
written atomically after the store, so an interrupted build at worst rebuilds
a file it had already stored.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from kg.export import write_atomic

MANIFEST_FILE = "manifest.json"
VERSION = 3
PACKAGE = Path(__file__).resolve().parent
MAKING = (".py", ".tsv")  # the files of PACKAGE that make the graphs: code and tables


@dataclass(frozen=True)
class Entry:
    """One source file as the last build left it."""

    sha256: str
    graph: str | None  # named graph IRI, None when the file failed
    symbol: str | None
    concepts: tuple[tuple[str, str], ...]
    outcome: dict  # the FileOutcome fields


@dataclass(frozen=True)
class Maker:
    """What made a build: the base of its IRIs and the code that read the files."""

    base: str
    code: str

    def differs(self, other: "Maker | None") -> str:
        """Why a build made by ``other`` cannot be continued by this one ("" when it can)."""
        if other is None:
            return "the last build's manifest does not say what made it"
        if other.base != self.base:
            return f"the base IRI was {other.base} and is now {self.base}"
        if other.code != self.code:
            return "kg has changed since the last build"
        return ""


def current_maker(base: str) -> Maker:
    return Maker(base, code_hash())


@lru_cache(maxsize=1)
def code_hash() -> str:
    """SHA-256 over the code and tables of the kg package, by path and content."""
    digest = hashlib.sha256()
    files = sorted(p for p in PACKAGE.rglob("*") if p.suffix in MAKING and p.is_file())
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_hash(path: Path) -> str | None:
    """SHA-256 of a file's bytes, None when it cannot be read (the reader will say why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def load(folder: Path) -> tuple[dict[str, Entry], Maker | None]:
    """The entries of the last build and what made it; an unreadable or older manifest gives none."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}, None
    entries = {}
    try:
        maker = Maker(base=data["maker"]["base"], code=data["maker"]["code"])
        for path, entry in data.get("files", {}).items():
            entries[path] = Entry(
                sha256=entry["sha256"], graph=entry["graph"], symbol=entry["symbol"],
                concepts=tuple(tuple(c) for c in entry["concepts"]),
                outcome=entry["outcome"],
            )
    except (KeyError, TypeError):
        return {}, None
    return entries, maker


def save(folder: Path, entries: dict[str, Entry], maker: Maker) -> Path:
    files = {path: asdict(entry) for path, entry in sorted(entries.items())}
    data = {"version": VERSION, "maker": asdict(maker), "files": files}
    return write_atomic(folder / MANIFEST_FILE, json.dumps(data, indent=1, sort_keys=True) + "\n")
