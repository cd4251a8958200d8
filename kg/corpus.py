"""A whole build: find the files, extract and build each, store, export, validate, summarise.

A file that cannot be read or extracted is reported with its error and the
others go on; the outputs are written atomically, so a failed or interrupted
run leaves the previous ``kg.ttl`` and ``kg.trig`` whole.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.build import DocumentGraph, build_graph
from kg.catalog import DatasetFacts, catalog_graph
from kg.concepts import concept_graph
from kg.export import merged, trig, turtle, write_atomic
from kg.extract import extract_file
from kg.iri import Minter
from kg.read import ReadError
from kg.reconcile import reconcile
from kg.records import Extraction
from kg.store import Store
from kg.validate import ValidationReport, validate
from kg.vocab import KG

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
TURTLE_FILE = "kg.ttl"
TRIG_FILE = "kg.trig"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file."""

    path: str
    status: str  # built, failed, duplicate
    message: str = ""
    symbol: str | None = None
    language: str | None = None
    triples: int = 0
    references: int = 0
    unresolved: int = 0


@dataclass(frozen=True)
class BuildSummary:
    out_dir: Path
    files: tuple[FileOutcome, ...]
    documents: int
    triples: int
    validation: ValidationReport
    outputs: tuple[Path, ...] = field(default=())
    notes: tuple[str, ...] = ()  # what the build found worth saying: language versions that disagree

    @property
    def failed(self) -> tuple[FileOutcome, ...]:
        return tuple(f for f in self.files if f.status != "built")

    @property
    def ok(self) -> bool:
        return not self.failed and self.validation.conforms

    def render(self) -> str:
        built = [f for f in self.files if f.status == "built"]
        resolved = sum(f.references - f.unresolved for f in built)
        unresolved = sum(f.unresolved for f in built)
        lines = [
            f"files read: {len(built)} of {len(self.files)}",
            f"documents in the graph: {self.documents} ({len(built)} read, {self.documents - len(built)} only cited)",
            f"triples: {self.triples}",
            f"references: {resolved} resolved, {unresolved} unresolved",
            f"validation: {self.validation.summary()}",
        ]
        for result in self.validation.violations[:10]:
            lines.append(f"  violation: {result.focus} {result.path or ''}: {result.message}")
        for outcome in self.files:
            if outcome.status != "built":
                lines.append(f"FAILED {outcome.path}: {outcome.message}")
            elif outcome.message:
                lines.append(f"note: {outcome.path}: {outcome.message}")
        lines.extend(f"note: {note}" for note in self.notes)
        lines.append(f"store: {self.out_dir / 'store'}")
        lines.extend(f"wrote: {path}" for path in self.outputs)
        return "\n".join(lines)


def find_sources(sources: Iterable[str | Path]) -> list[Path]:
    """The files to read: files as given, folders searched for supported files, in sorted order."""
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)  # a missing or unsupported file fails when read, by name
    return found


def extract_and_build(path: Path, minter: Minter) -> tuple[FileOutcome, DocumentGraph | None]:
    """One file to its named graph; any failure becomes an outcome naming the file."""
    failure, extraction = _extract(path)
    if extraction is None:
        return failure, None
    return _build(path, extraction, minter)


def _extract(path: Path) -> tuple[FileOutcome | None, Extraction | None]:
    try:
        return None, extract_file(str(path))
    except ReadError as error:
        return FileOutcome(str(path), "failed", str(error)), None
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the build
        return FileOutcome(str(path), "failed", f"{path}: could not be extracted ({type(error).__name__}: {error})"), None


def _build(path: Path, extraction: Extraction, minter: Minter) -> tuple[FileOutcome, DocumentGraph | None]:
    try:
        graph = build_graph(extraction, minter)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the build
        return FileOutcome(str(path), "failed", f"{path}: could not be built ({type(error).__name__}: {error})"), None
    unresolved = sum(1 for r in extraction.references if not r.target)
    if not extraction.paragraphs and not extraction.references:
        message = "no paragraphs and no references found: is this a UN document?"
    elif not extraction.document.symbol:
        message = "no document symbol found in its header: its IRIs derive from the file's hash"
    else:
        message = ""
    outcome = FileOutcome(
        str(path), "built", message, extraction.document.symbol, graph.language,
        len(graph.graph), len(extraction.references), unresolved,
    )
    return outcome, graph


def build_corpus(
    sources: Sequence[str | Path],
    out_dir: str | Path = "kg-out",
    minter: Minter | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build the graph of ``sources`` into ``out_dir``: store, ``kg.ttl``, ``kg.trig``.

    Every file is extracted first; the language versions of one document are
    then reconciled (``kg.reconcile``) and each file is built into its graph.
    The store mirrors the sources of this build: graphs of documents no longer
    given are removed.
    """
    minter = minter or Minter.configured()
    out = Path(out_dir)
    read: list[tuple[Path, FileOutcome | None, Extraction | None]] = []
    for path in find_sources(sources):
        if progress:
            progress(str(path))
        read.append((path, *_extract(path)))
    reconciled, notes = reconcile([x for _, _, x in read if x is not None])
    versions = iter(reconciled)
    outcomes: list[FileOutcome] = []
    graphs: dict[URIRef, DocumentGraph] = {}
    owners: dict[URIRef, str] = {}
    for path, failure, extraction in read:
        if extraction is None:
            outcomes.append(failure)
            continue
        outcome, graph = _build(path, next(versions), minter)
        if graph is not None and graph.name in graphs:
            outcome = FileOutcome(str(path), "duplicate",
                                  f"{path}: same document and language as {owners[graph.name]}; not built again")
            graph = None
        outcomes.append(outcome)
        if graph is not None:
            graphs[graph.name] = graph
            owners[graph.name] = str(path)

    used = set().union(*(g.concepts for g in graphs.values())) if graphs else set()
    concepts = concept_graph(used, minter)
    content = Graph()
    for g in list(graphs.values()) + [concepts]:
        for triple in g.graph if isinstance(g, DocumentGraph) else g:
            content.add(triple)
    facts = DatasetFacts(
        expressions=sorted({e for g in graphs.values() for e in g.graph.subjects(RDF.type, KG.Expression)}),
        triples=len(content),
        documents=len(set(content.subjects(RDF.type, KG.Document))),
        documents_read=len(graphs),
        newest_date=_newest_date(content),
    )
    special = {
        minter.special_graph("concepts"): concepts,
        minter.special_graph("dataset"): catalog_graph(facts, minter),
    }

    store = Store.open(out, create=True)
    wanted = {str(name) for name in list(graphs) + list(special)}
    for name in store.graph_names():
        if name not in wanted:
            store.remove_graph(URIRef(name))
    for name, graph in sorted(graphs.items()):
        store.replace_graph(name, graph.graph)
    for name, graph in special.items():
        store.replace_graph(name, graph)
    store.flush()

    dataset = store.to_dataset()
    whole = merged(dataset, minter)
    report = validate(whole)
    outputs = (
        write_atomic(out / TURTLE_FILE, turtle(whole, minter)),
        write_atomic(out / TRIG_FILE, trig(dataset, minter)),
    )
    return BuildSummary(out, tuple(outcomes), facts.documents, len(whole), report, outputs,
                        tuple(str(note) for note in notes))


def _newest_date(graph: Graph) -> str | None:
    dates = [
        str(date) for doc in graph.subjects(KG.hasExpression, None)
        for date in graph.objects(doc, DCTERMS.date)
    ]
    return max(dates) if dates else None


def stderr_progress(path: str) -> None:
    """Progress on standard error, only when it is a terminal."""
    if sys.stderr.isatty():
        print(f"reading {path}", file=sys.stderr)

