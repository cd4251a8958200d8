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

Last, the manifest says what the build wrote from the store (each output and
the hash of its bytes) and what it found (counts and the validation report).
A rebuild that changes no graph keeps those outputs as they are, if their
bytes and what turns the store into them (the shapes, the view's page and the
libraries that draw it) are still the same.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Mapping

from kg.export import write_atomic
from kg.iri import base_iri
from kg.resources import ontology_file
from kg.validate import ValidationReport, ValidationResult

MANIFEST_FILE = "manifest.json"
VERSION = 4
PACKAGE = Path(__file__).resolve().parent
MAKING = (".py", ".tsv")  # the files of PACKAGE that make the graphs: code and tables
WRITING = (".css", ".js")  # the files of PACKAGE that go into the outputs besides the graphs: the view's page
DRAWING = ("pyvis",)  # libraries whose version shows in the outputs' bytes


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


@dataclass(frozen=True)
class Made:
    """What the last build wrote from its store, and what it found there."""

    recipe: str  # what turned the store into the outputs besides kg's code (``outputs_recipe``)
    changes: int  # the store's count of changes when they were written (``Store.changes``)
    outputs: dict[str, str]  # each output, by its path from the build folder, and the SHA-256 of its bytes
    documents: int
    triples: int
    validation: ValidationReport

    def fits(self, changes: int) -> bool:
        """Whether this is the record of the store as it is (at its count of ``changes``), with
        the recipe there is now: its counts and report still stand."""
        return self.changes == changes and self.recipe == outputs_recipe()

    def holds(self, folder: Path, output: Path, changes: int) -> bool:
        """Whether ``output`` still has the bytes it was written with, and the record ``fits``."""
        name = _from(folder, output)
        return self.fits(changes) and name in self.outputs and file_hash(folder / name) == self.outputs[name]

    def rewritten(self, folder: Path, outputs: list[Path], written: list[Path], known: Mapping[Path, str]) -> "Made":
        """This record once ``written`` were written again from the same store: only those are
        hashed (``known`` gives the hashes made while writing); the other ``outputs`` have the
        bytes ``holds`` has just found."""
        names = {path: _from(folder, path) for path in outputs}
        hashes = {names[p]: _hash(p, known) if p in written else self.outputs[names[p]] for p in outputs}
        return replace(self, outputs=hashes)


def record(folder: Path, outputs: list[Path], changes: int, documents: int, triples: int,
           validation: ValidationReport, known: Mapping[Path, str]) -> Made:
    """The record of outputs just written in ``folder`` from a store at its count of ``changes``;
    ``known`` gives the hashes of those hashed while they were written."""
    hashes = {_from(folder, p): _hash(p, known) for p in outputs}
    return Made(outputs_recipe(), changes, hashes, documents, triples, validation)


def _hash(path: Path, known: Mapping[Path, str]) -> str:
    """The hash of an output just written: made while writing it, or read off the file."""
    return known.get(path) or file_hash(path) or ""


def _from(folder: Path, path: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()


@lru_cache(maxsize=1)
def outputs_recipe() -> str:
    """SHA-256 over what turns a store into the outputs, kg's code aside: the shapes, the page
    of the view and the versions of the libraries that draw it."""
    digest = hashlib.sha256(ontology_file("shapes.ttl").read_bytes())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in WRITING and p.is_file()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for library in DRAWING:
        digest.update(f"{library} {metadata.version(library)}".encode("utf-8"))
    return digest.hexdigest()


def current_maker(base: str) -> Maker:
    return Maker(base, code_hash())


def made_here(folder: Path) -> bool:
    """Whether the build in ``folder`` was made with this base IRI and this code, so that what
    it formatted (TriG's blocks, with its prefixes) is what this code would write."""
    return not current_maker(base_iri()).differs(load(folder)[1])


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


def load(folder: Path) -> tuple[dict[str, Entry], Maker | None, Made | None]:
    """The entries of the last build, what made it and what it wrote; an unreadable or older
    manifest gives none."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, None, None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}, None, None
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
        return {}, None, None
    return entries, maker, _made(data.get("made"))


def _made(data) -> Made | None:
    """The outputs' record, None when it is missing or does not read as one."""
    try:
        report = data["validation"]
        results = tuple(ValidationResult(**r) for r in report["results"])
        return Made(data["recipe"], int(data["changes"]), dict(data["outputs"]), int(data["documents"]),
                    int(data["triples"]), ValidationReport(bool(report["conforms"]), results))
    except (KeyError, TypeError, ValueError):
        return None


def save(folder: Path, entries: dict[str, Entry], maker: Maker, made: Made) -> Path:
    """Write the manifest: one line per file, so that it reads and compares line by line.

    Each piece is written by json's C encoder, which it leaves for its Python one
    whenever an indent is asked for (0.3 s against 0.06 s for 5,000 files).
    """
    files = [f"{json.dumps(path)}: {json.dumps(_entry(entry), sort_keys=True)}" for path, entry in sorted(entries.items())]
    text = "\n".join([
        '{"files": {',
        ",\n".join(files),
        "},",
        f'"made": {json.dumps(asdict(made), sort_keys=True)},',
        f'"maker": {json.dumps(asdict(maker), sort_keys=True)},',
        f'"version": {VERSION}}}',
    ]) + "\n"
    return write_atomic(folder / MANIFEST_FILE, text)


def _entry(entry: Entry) -> dict:
    """An entry as JSON reads it (``asdict`` would copy its outcome deeply: 0.4 s for 5,000 files)."""
    return {"sha256": entry.sha256, "graph": entry.graph, "symbol": entry.symbol,
            "concepts": entry.concepts, "outcome": entry.outcome}
