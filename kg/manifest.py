"""What the last build made of each file, kept beside the store for incremental builds.

``DIR/manifest.json`` maps each source file to the hash of its bytes, the
named graph built from it, the concepts it used and what happened to it. A file whose hash has not changed is not read again; a
file no longer given has its graph removed. The manifest is written
atomically after the store, so an interrupted build at worst rebuilds a file
it had already stored.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.export import write_atomic

MANIFEST_FILE = "manifest.json"
VERSION = 2


@dataclass(frozen=True)
class Entry:
    """One source file as the last build left it."""

    sha256: str
    graph: str | None  # named graph IRI, None when the file failed
    symbol: str | None
    concepts: tuple[tuple[str, str], ...]
    outcome: dict  # the FileOutcome fields


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


def load(folder: Path) -> dict[str, Entry]:
    """The entries of the last build; an unreadable or older manifest means a full build."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    entries = {}
    for path, entry in data.get("files", {}).items():
        try:
            entries[path] = Entry(
                sha256=entry["sha256"], graph=entry["graph"], symbol=entry["symbol"],
                concepts=tuple(tuple(c) for c in entry["concepts"]),
                outcome=entry["outcome"],
            )
        except (KeyError, TypeError):
            return {}
    return entries


def save(folder: Path, entries: dict[str, Entry]) -> Path:
    files = {path: asdict(entry) for path, entry in sorted(entries.items())}
    return write_atomic(folder / MANIFEST_FILE, json.dumps({"version": VERSION, "files": files}, indent=1, sort_keys=True) + "\n")
