"""A whole build: find the files, extract and build each, store, export, validate, summarise.

A file that cannot be read or extracted is reported with its error and the
others go on; the outputs are written atomically, so a failed or interrupted
run leaves the previous ``kg.ttl`` and ``kg.trig`` whole.

Builds are incremental: a file whose bytes have not changed since the last
build (``kg.manifest``) is not read again, a changed file replaces its named
graph, a removed file's graph is removed. Extraction, building and the
validation of each document graph run in ``jobs`` processes; results are
gathered in file order, so the output does not depend on ``jobs``.
"""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import URIRef

from kg import manifest
from kg.build import build_graph
from kg.catalog import DatasetFacts, catalog_graph
from kg.concepts import concept_graph
from kg.export import clear_temporaries, nt_term, store_trig, store_turtle, write_atomic
from kg.extract import extract_file
from kg.iri import Minter
from kg.read import ReadError
from kg.reconcile import reconcile
from kg.records import Extraction
from kg.store import Store
from kg.validate import ValidationReport, ValidationResult, validate

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
TURTLE_FILE = "kg.ttl"
TRIG_FILE = "kg.trig"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file."""

    path: str
    status: str  # built, unchanged, removed, failed, duplicate
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
        return tuple(f for f in self.files if f.status in ("failed", "duplicate"))

    @property
    def ok(self) -> bool:
        return not self.failed and self.validation.conforms

    def render(self) -> str:
        count = {status: sum(1 for f in self.files if f.status == status)
                 for status in ("built", "unchanged", "removed", "failed", "duplicate")}
        present = [f for f in self.files if f.status in ("built", "unchanged")]
        resolved = sum(f.references - f.unresolved for f in present)
        unresolved = sum(f.unresolved for f in present)
        lines = [
            f"files: {len(self.files) - count['removed']} given: {count['built']} built, {count['unchanged']} unchanged,"
            f" {count['failed'] + count['duplicate']} failed; {count['removed']} removed since the last build",
            f"documents in the graph: {self.documents} ({len(present)} read, {self.documents - len(present)} only cited)",
            f"triples: {self.triples}",
            f"references: {resolved} resolved, {unresolved} unresolved",
            f"validation: {self.validation.summary()}",
        ]
        for result in self.validation.violations[:10]:
            lines.append(f"  violation: {result.focus} {result.path or ''}: {result.message}")
        for outcome in self.files:
            if outcome.status in ("failed", "duplicate"):
                lines.append(f"FAILED {outcome.path}: {outcome.message}")
            elif outcome.status == "removed":
                lines.append(f"removed: {outcome.path}")
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


def _extract(path: str) -> tuple[str, FileOutcome | None, Extraction | None]:
    try:
        return path, None, extract_file(path)
    except ReadError as error:
        return path, FileOutcome(path, "failed", str(error)), None
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the build
        return path, FileOutcome(path, "failed", f"{path}: could not be extracted ({type(error).__name__}: {error})"), None


@dataclass(frozen=True)
class _Built:
    """A file built into its graph, as a worker hands it back."""

    outcome: FileOutcome
    graph: str | None
    ntriples: str
    concepts: tuple[tuple[str, str], ...]
    results: tuple[dict, ...]


def _build(job: tuple[str, Extraction, str]) -> _Built:
    path, extraction, base = job
    minter = Minter(base)
    try:
        graph = build_graph(extraction, minter)
        report = validate(graph.graph + concept_graph(graph.concepts, minter))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the build
        failed = FileOutcome(path, "failed", f"{path}: could not be built ({type(error).__name__}: {error})")
        return _Built(failed, None, "", (), ())
    unresolved = sum(1 for r in extraction.references if not r.target)
    if not extraction.paragraphs and not extraction.references:
        message = "no paragraphs and no references found: is this a UN document?"
    elif not extraction.document.symbol:
        message = "no document symbol found in its header: its IRIs derive from the file's hash"
    else:
        message = ""
    outcome = FileOutcome(
        path, "built", message, extraction.document.symbol, graph.language,
        len(graph.graph), len(extraction.references), unresolved,
    )
    ntriples = "\n".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in graph.graph))
    return _Built(outcome, str(graph.name), ntriples, tuple(sorted(graph.concepts)),
                  tuple(asdict(r) for r in report.results))


class _Runner:
    """Maps a function over items in ``jobs`` processes (in this one when ``jobs`` is 1), in order."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self.pool = ProcessPoolExecutor(self.jobs) if self.jobs > 1 else None

    def map(self, function, items: list, progress: Callable[[str], None] | None = None, label: str = "") -> list:
        results = self.pool.map(function, items, chunksize=max(1, len(items) // (self.jobs * 8) or 1)) if self.pool else map(function, items)
        out = []
        for done, result in enumerate(results, start=1):
            out.append(result)
            if progress:
                progress(f"{label} {done}/{len(items)}")
        return out

    def close(self) -> None:
        if self.pool:
            self.pool.shutdown()


def build_corpus(
    sources: Sequence[str | Path],
    out_dir: str | Path = "kg-out",
    minter: Minter | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> BuildSummary:
    """Build the graph of ``sources`` into ``out_dir``: store, ``kg.ttl``, ``kg.trig``.

    Every changed file is extracted first; the language versions of one
    document are then reconciled (``kg.reconcile``), re-reading an unchanged
    version where another changed; each file is built into its graph and the
    graph validated against the shapes. The store mirrors the sources of this
    build: graphs of files no longer given are removed.
    """
    minter = minter or Minter.configured()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clear_temporaries(out)
    paths = [str(p) for p in find_sources(sources)]
    previous = manifest.load(out)
    store = Store.open(out, create=True)
    stored = set(store.graph_names())
    hashes = {p: manifest.file_hash(Path(p)) for p in paths}
    unchanged = {
        p for p in paths
        if hashes[p] and p in previous and previous[p].sha256 == hashes[p]
        and (previous[p].graph is None or previous[p].graph in stored)
    }
    runner = _Runner(jobs)
    try:
        read = runner.map(_extract, [p for p in paths if p not in unchanged], progress, "read")
        symbols = {x.document.symbol for _, _, x in read if x is not None and x.document.symbol}
        siblings = [p for p in paths if p in unchanged and previous[p].symbol in symbols]
        read += runner.map(_extract, siblings, progress, "read")
        unchanged -= set(siblings)
        order = {p: i for i, p in enumerate(paths)}
        read.sort(key=lambda item: order[item[0]])
        reconciled, notes = reconcile([x for _, _, x in read if x is not None])
        versions = iter(reconciled)
        jobs_to_build = [(p, next(versions), minter.base) for p, _, x in read if x is not None]
        built = {b.outcome.path: b for b in runner.map(_build, jobs_to_build, progress, "build")}
    finally:
        runner.close()

    entries: dict[str, manifest.Entry] = {}
    outcomes: list[FileOutcome] = []
    owners: dict[str, str] = {}
    failures = {p: failure for p, failure, _ in read if failure is not None}
    for path in paths:
        if path in unchanged:
            entry = previous[path]
            outcome = FileOutcome(**{**entry.outcome, "status": "unchanged" if entry.graph else entry.outcome["status"]})
        elif path in failures:
            outcome, entry = failures[path], manifest.Entry(hashes[path] or "", None, None, (), asdict(failures[path]), ())
        else:
            result = built[path]
            outcome = result.outcome
            entry = manifest.Entry(hashes[path] or "", result.graph, outcome.symbol, result.concepts, asdict(outcome), result.results)
            if result.graph in owners:
                outcome = FileOutcome(path, "duplicate", f"{path}: same document and language as {owners[result.graph]}; not built again")
                entry = manifest.Entry(hashes[path] or "", None, None, (), asdict(outcome), ())
            elif result.graph:
                store.replace_graph_nt(result.graph, result.ntriples)
        if entry.graph:
            owners[entry.graph] = path
        entries[path] = entry
        outcomes.append(outcome)
    outcomes.extend(FileOutcome(p, "removed") for p in sorted(set(previous) - set(paths)))

    special = {str(minter.special_graph("concepts")), str(minter.special_graph("dataset"))}
    for name in store.graph_names():
        if name not in owners and name not in special:
            store.remove_graph(URIRef(name))
    used = {tuple(c) for e in entries.values() if e.graph for c in e.concepts}
    store.replace_graph(minter.special_graph("concepts"), concept_graph(used, minter))
    facts = _dataset_facts(store, minter)
    catalog = catalog_graph(facts, minter)
    store.replace_graph(minter.special_graph("dataset"), catalog)
    store.refresh_union()
    store.flush()

    results = tuple(sorted(
        (ValidationResult(**r) for e in entries.values() if e.graph for r in e.results),
        key=lambda r: (r.severity, r.focus, r.path or "", r.message),
    ))
    report = ValidationReport(conforms=not any(r.severity == "violation" for r in results), results=results)
    outputs = (
        write_atomic(out / TURTLE_FILE, store_turtle(store, minter)),
        write_atomic(out / TRIG_FILE, store_trig(store, minter)),
    )
    manifest.save(out, entries)
    return BuildSummary(out, tuple(outcomes), facts.documents, facts.triples + len(catalog), report, outputs,
                        tuple(str(note) for note in notes))


DATASET_COUNTS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?triples ?documents ?read ?newest WHERE {
  { SELECT (COUNT(*) AS ?triples) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } }
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { GRAPH ?g { ?d a kg:Document } } }
  { SELECT (COUNT(DISTINCT ?e) AS ?read) WHERE { GRAPH ?g { ?w kg:hasExpression ?e } } }
  OPTIONAL { SELECT (MAX(STR(?date)) AS ?newest) WHERE { GRAPH ?g { ?w kg:hasExpression ?e ; dcterms:date ?date } } }
}
"""
EXPRESSIONS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e a kg:Expression } } ORDER BY ?e
"""


def _dataset_facts(store: Store, minter: Minter) -> DatasetFacts:
    """Counts for the dataset description, asked of the store (the old description taken out first)."""
    store.remove_graph(minter.special_graph("dataset"))
    _, rows = store.select(DATASET_COUNTS, union=False)
    row = rows[0]
    _, expressions = store.select(EXPRESSIONS, union=False)
    return DatasetFacts(
        expressions=[URIRef(r["e"]) for r in expressions],
        triples=row["triples"],
        documents=row["documents"],
        documents_read=row["read"],
        newest_date=row["newest"] or None,
    )


class TerminalProgress:
    """One line of progress on standard error, rewritten in place; silent when it is not a terminal."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.active = self.stream.isatty()

    def __call__(self, message: str) -> None:
        if self.active:
            self.stream.write(f"\r\033[K{message}")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\033[K")
            self.stream.flush()
