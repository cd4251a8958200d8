"""The export stage: deterministic Turtle, TriG, N-Triples and JSON-LD.

Same graph, same bytes: Turtle and TriG are sorted and grouped by subject
(``kg.turtle``), N-Triples are sorted lines, JSON-LD is a node per subject,
sorted (``kg.jsonld``). Every file
is written atomically (a temporary file beside it, then a rename), so an
interrupted run leaves the previous file whole.
"""
from __future__ import annotations

import gzip
import hashlib
import heapq
import os
import re
import tempfile
import zlib
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.iri import Minter
from kg.jsonld import jsonld_context, jsonld_document, node_lines
from kg.turtle import PIECE_LINES, header, split_line, subject_pieces, trig_piece, turtle_piece, write_trig, write_turtle
from kg.vocab import bind_prefixes, prefix_map

FORMATS = ("ttl", "trig", "nt", "jsonld")
# Characters that may not stand in an IRI written between angle brackets.
IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# In a quoted literal: the quote, the backslash and the line ends must be
# escaped; U+2028/U+2029 are escaped too so the output survives JavaScript tools.
LITERAL_ESCAPES = str.maketrans({
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
})
LITERAL_UNSAFE = re.compile(r'[\\"\n\r\u2028\u2029]')  # what LITERAL_ESCAPES changes: most literals hold none
XSD_STRING = str(XSD.string)


class ExportError(ValueError):
    """An export that cannot be written as asked."""


def make_folder(folder: str | Path) -> Path:
    """The folder ``folder``, made with its parents where missing; where it or a parent is a
    file, an ``ExportError`` naming it."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as error:
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise ExportError(f"{blocking}: is a file, where a folder is needed for {folder}") from error
    return folder


def write_atomic(path: str | Path, data: str | bytes | Iterable[str | bytes], digest=None) -> Path:
    """Write ``data`` (or its pieces, in order) to ``path`` through a temporary file and a rename;
    ``digest`` (a ``hashlib`` hash), when given, is fed the bytes written, which then need not be
    read again to be hashed.

    A write that fails (a full disk) leaves the file as it was, and its error names the file.
    A folder at ``path``, or a file where a folder of it should be, is an ``ExportError``
    naming it, raised before anything is written.
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give the name of a file to write")
    make_folder(path.parent)
    pieces = [data] if isinstance(data, (str, bytes)) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # what a plain open() would give, not mkstemp's 0600
        with os.fdopen(handle, "wb") as out:
            for piece in pieces:
                written = piece.encode("utf-8") if isinstance(piece, str) else piece
                out.write(written)
                if digest is not None:
                    digest.update(written)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:  # a write says which error, not where
            raise OSError(error.errno, f"{error.strerror}; the last {path.name} is kept", str(path)) from error
        raise
    return path


def clear_temporaries(folder: str | Path) -> None:
    """Remove the temporary files a killed run of ``write_atomic`` may have left in ``folder``."""
    for stale in Path(folder).glob(".*.tmp"):
        stale.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def merged(dataset: Dataset, minter: Minter | None = None) -> Graph:
    """All named graphs of ``dataset`` as one graph."""
    graph = Graph()
    bind_prefixes(graph, minter or Minter.configured())
    for context in dataset.graphs():
        for triple in context:
            graph.add(triple)
    return graph


def turtle(graph: Graph, minter: Minter | None = None) -> str:
    """Sorted, diff-friendly Turtle with the project's prefixes."""
    return write_turtle(nt_triples(graph), prefix_map(minter or Minter.configured()))


def trig(dataset: Dataset, minter: Minter | None = None) -> str:
    """TriG: one prefix header, then each named graph in IRI order."""
    graphs = [
        (str(context.identifier), nt_triples(context))
        for context in dataset.graphs() if isinstance(context.identifier, URIRef)
    ]
    return write_trig(graphs, prefix_map(minter or Minter.configured()))


def store_turtle(store, minter: Minter | None = None, mapper=map, blocks: Path | None = None) -> Iterator[str]:
    """Turtle of the store's default graph (the union of its named graphs), in pieces.

    ``mapper`` formats the pieces: ``map`` here, or a pool's map to format them
    in other processes; the bytes are the same. With ``blocks``, the lines of
    the union are read from the graphs' blocks (``union_lines``).
    """
    prefixes = prefix_map(minter or Minter.configured())
    yield header(prefixes)
    pieces = ((piece, prefixes) for piece in subject_pieces(union_lines(store, blocks)))
    yield from mapper(turtle_piece, pieces)


def union_lines(store, blocks: Path | None, run: int = 500_000) -> Iterator[bytes]:
    """The union of the store's named graphs as sorted N-Triples lines, each once.

    A graph's lines are read from its N-Triples block in ``blocks``
    (``block_name(graph, NT_BLOCK)``), which the build writes with the graph;
    a graph without one (the concepts, the dataset description) or with one
    that cannot be read is read from the store. On 1,000 documents this took
    0.6 s where the store's own dump and sort took 5.6 s. On 5,000 documents,
    runs of 500,000 lines held 178 MB at most and took 6.0 s; of 1,000,000,
    281 MB and 5.6 s; of 250,000, 124 MB and 6.7 s. Without ``blocks``, the
    store's default graph is dumped and sorted (``Store.sorted_lines``).
    """
    if blocks is None:
        yield from store.sorted_lines(None, run)
        return
    graphs = (block_lines(store, blocks, name) for name in store.graph_names())
    with tempfile.TemporaryDirectory(prefix=".sort-", dir=blocks.parent) as folder:
        yield from sorted_once(graphs, Path(folder), run)


def block_lines(store, blocks: Path | None, name: str) -> list[bytes]:
    """A named graph's N-Triples lines, no empty one, from its block in ``blocks`` or, without
    ``blocks`` or a block that can be read whole, from the store (``Store.graph_lines``, the same
    form)."""
    if blocks is None:
        return store.graph_lines(name)
    try:
        data = gzip.decompress((blocks / block_name(name, NT_BLOCK)).read_bytes())
    except (OSError, EOFError, zlib.error):
        return store.graph_lines(name)
    return data.split(b"\n") if data else []


def sorted_once(chunks: Iterable[list[bytes]], folder: Path, run: int) -> Iterator[bytes]:
    """The lines of ``chunks`` in byte order, each once, with no empty line.

    Memory holds about ``run`` lines: beyond that, sorted runs are written to
    ``folder`` and merged as the lines are asked for.
    """
    held: list[bytes] = []
    runs: list[Path] = []
    for chunk in chunks:
        held.extend(chunk)
        if len(held) >= run:
            runs.append(_spill(held, folder / f"run-{len(runs)}"))
            held = []
    if not runs:
        held.sort()
        yield from _once(held)
        return
    if held:
        runs.append(_spill(held, folder / f"run-{len(runs)}"))
    del held
    with ExitStack() as files:
        opened = [files.enter_context(path.open("rb")) for path in runs]
        yield from _once(line.rstrip(b"\n") for line in heapq.merge(*opened))


def _spill(lines: list[bytes], path: Path, piece: int = 10_000) -> Path:
    """Write ``lines`` sorted to ``path``, a piece at a time: joined whole, a run of a million
    lines took twice its memory (512 MB against 281 MB at most, union_lines at 5,000 documents)."""
    lines.sort()
    with path.open("wb") as handle:
        for start in range(0, len(lines), piece):
            handle.write(b"\n".join(lines[start:start + piece]) + b"\n")
    return path


def _once(lines: Iterable[bytes]) -> Iterator[bytes]:
    last = b""
    for line in lines:
        if line != last:
            yield line
            last = line


def remove_stale_blocks(store, blocks: Path) -> None:
    """Remove from ``blocks`` the blocks of graphs no longer in the store."""
    keep = {block_name(name, suffix) for name in store.graph_names() for suffix in (TRIG_BLOCK, NT_BLOCK)}
    for stale in [*blocks.glob("*" + TRIG_BLOCK), *blocks.glob("*" + NT_BLOCK)]:
        if stale.name not in keep:
            stale.unlink()


def store_trig(store, minter: Minter | None = None, mapper=map, blocks: Path | None = None) -> Iterator[str]:
    """TriG of the store's named graphs in IRI order, in pieces (see ``store_turtle``).

    A graph's block is taken from ``blocks`` (``block_name``) when the build
    left it there, else written from the store. The blocks are written with
    the prefixes of the build's base: give them only to a writer of the same
    base and code (``kg.manifest.Maker``).
    """
    prefixes = prefix_map(minter or Minter.configured())
    names = store.graph_names()
    yield header(prefixes)
    missing: list[str] = []
    for name in names:
        kept = blocks / block_name(name) if blocks is not None else None
        if kept is not None and kept.is_file():
            yield from mapper(trig_piece, _graph_batches(store, missing, prefixes))
            missing = []
            yield kept.read_text(encoding="utf-8")
        else:
            missing.append(name)
    yield from mapper(trig_piece, _graph_batches(store, missing, prefixes))


BLOCKS_DIR = ".trig"  # in a build folder: each document graph's blocks, kept for the next build
TRIG_BLOCK = ".trig"  # a named graph's block of kg.trig
NT_BLOCK = ".nt.gz"  # a named graph's sorted N-Triples lines, compressed


def block_name(graph: str, suffix: str = TRIG_BLOCK) -> str:
    """The file that keeps one of a named graph's blocks between builds."""
    return hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32] + suffix


def _graph_batches(store, names: list[str], prefixes):
    """Named graphs with their sorted lines, a few at a time, read as they are asked for."""
    batch, size = [], 0
    for name in names:
        lines = store.graph_lines(name)
        batch.append((name, lines))
        size += len(lines)
        if size >= PIECE_LINES:
            yield batch, prefixes
            batch, size = [], 0
    if batch:
        yield batch, prefixes


def nt_triples(graph: Graph):
    """The triples of an rdflib graph as N-Triples terms."""
    return ((nt_term(s), nt_term(p), nt_term(o)) for s, p, o in graph)


def ntriples(graph: Graph) -> str:
    """N-Triples, one sorted line per triple."""
    return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph))


def nt_term(term) -> str:
    """An RDF term in N-Triples syntax, every character that could end it escaped.

    The same form is valid in SPARQL, so the store and the query bindings use it too.
    """
    if isinstance(term, URIRef):
        value = str(term)
        if IRI_UNSAFE.search(value):
            raise ExportError(f"refusing to write the IRI {value!r}: it holds characters an IRI cannot")
        return f"<{value}>"
    if isinstance(term, Literal):
        text = str(term)
        quoted = '"' + (text.translate(LITERAL_ESCAPES) if LITERAL_UNSAFE.search(text) else text) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype and str(term.datatype) != XSD_STRING:
            return f"{quoted}^^{nt_term(term.datatype)}"
        return quoted
    raise ExportError(f"cannot write {term!r}: only IRIs and literals are written (no blank nodes)")


def jsonld(graph: Graph, minter: Minter | None = None) -> str:
    """JSON-LD with the project's prefixes as context, nodes and values sorted (``kg.jsonld``)."""
    context = jsonld_context(minter or Minter.configured())
    lines = sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .".encode("utf-8") for s, p, o in graph)
    return "".join(jsonld_document(iter(sorted(node_lines(lines, context))), context))


def store_jsonld(store, minter: Minter | None = None, blocks: Path | None = None, run: int = 100_000) -> Iterator[str]:
    """``jsonld`` of the store's union, in pieces: the nodes are made from ``union_lines`` and
    sorted on disk, ``run`` nodes in memory at most, rather than in rdflib: 11 s and 162 MB for
    1,000 documents, where rdflib took 99 s and 3.6 GB."""
    context = jsonld_context(minter or Minter.configured())
    nodes = node_lines(union_lines(store, blocks), context)
    with tempfile.TemporaryDirectory(prefix=".sort-", dir=store.path.parent) as folder:
        yield from jsonld_document(sorted_once(iter(lambda: list(islice(nodes, 10_000)), []), Path(folder), run), context)


def render(dataset: Dataset, fmt: str, minter: Minter | None = None) -> str:
    """The dataset in one of ``FORMATS``."""
    if fmt == "trig":
        return trig(dataset, minter)
    graph = merged(dataset, minter)
    if fmt == "ttl":
        return turtle(graph, minter)
    if fmt == "nt":
        return ntriples(graph)
    if fmt == "jsonld":
        return jsonld(graph, minter)
    raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def export(dataset: Dataset, fmt: str, out: str | Path, minter: Minter | None = None) -> Path:
    """Write the dataset to ``out`` in ``fmt``."""
    return write_atomic(out, render(dataset, fmt, minter))


def split_name(graph_name: str, minter: Minter) -> str:
    """File name for a named graph: ``graph/A/HRC/RES/57/12@zh`` -> ``A-HRC-RES-57-12.zh.ttl``."""
    prefix = minter.base + "graph/"
    local = graph_name[len(prefix):] if graph_name.startswith(prefix) else graph_name
    local = local.replace("/", "-").replace("@", ".")
    return re.sub(r"[^A-Za-z0-9.()\-]", "_", local) + ".ttl"


def export_split(dataset: Dataset, folder: str | Path, minter: Minter | None = None) -> list[Path]:
    """One Turtle file per named graph in ``folder``, so a change to one document is a change to one file.

    Files of graphs no longer in the dataset are removed.
    """
    contexts = sorted(dataset.graphs(), key=lambda c: str(c.identifier))
    graphs = ((str(c.identifier), nt_triples(c)) for c in contexts if isinstance(c.identifier, URIRef) and len(c))
    return _write_split(graphs, folder, minter)


def store_split(store, folder: str | Path, minter: Minter | None = None, blocks: Path | None = None) -> list[Path]:
    """``export_split`` of the store's named graphs, a graph at a time: each read off its block in
    ``blocks`` when the build left one, else off the store. The same files, in the memory of one
    graph rather than of the whole store (2.3 GB in rdflib for 1,000 documents)."""
    graphs = ((name, (split_line(line.decode("utf-8")) for line in block_lines(store, blocks, name)))
              for name in store.graph_names())
    return _write_split(graphs, folder, minter)


def _write_split(graphs: Iterable[tuple[str, Iterable[tuple[str, str, str]]]], folder: str | Path,
                 minter: Minter | None) -> list[Path]:
    """Each graph (its name, its triples as N-Triples terms) as Turtle in a file of its own in
    ``folder``; the Turtle files of other graphs there are removed."""
    minter = minter or Minter.configured()
    folder = make_folder(folder)
    prefixes = prefix_map(minter)
    written = []
    for name, triples in graphs:
        text = write_turtle(triples, prefixes)
        if text:
            written.append(write_atomic(folder / split_name(name, minter), text))
    keep = {p.name for p in written}
    for stale in folder.glob("*.ttl"):
        if stale.name not in keep:
            stale.unlink()
    return written


def store_ntriples(store, blocks: Path | None = None) -> Iterator[bytes]:
    """The union of the store's named graphs as N-Triples, sorted, each triple once, in pieces: the
    bytes of ``render(dataset, "nt")``, sorted on disk (``union_lines`` off the build's blocks when
    given, else ``Store.sorted_lines``) rather than in an rdflib graph (3 GB for 1,000 documents)."""
    piece: list[bytes] = []
    for line in union_lines(store, blocks):
        piece.append(line)
        if len(piece) >= PIECE_LINES:
            yield b"\n".join(piece) + b"\n"
            piece = []
    if piece:
        yield b"\n".join(piece) + b"\n"
