"""A whole build: find the files, extract and build each, store, export, validate, summarise.

A file that cannot be read or extracted is reported with its error and the
others go on; the outputs are written atomically, so a failed or interrupted
run leaves the previous ``kg.ttl`` and ``kg.trig`` whole.

Builds are incremental: a file whose bytes have not changed since the last
build (``kg.manifest``) is not read again, nor is one moved elsewhere with its
name (``_moved``), a changed file replaces its named graph, a removed file's
graph is removed. Extraction and building run in ``jobs`` processes
(``kg.workers``), and so does the writing of Turtle and TriG; results are
taken in file order, so the output does not depend on ``jobs``. The store is
checked against the shapes compiled to SPARQL (``kg.shapes_sparql``); the
dataset graph describes it, with the corpus-wide counts (``kg.statistics``).
"""
from __future__ import annotations

import hashlib
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import URIRef

from kg import manifest
from kg.catalog import DatasetFacts, catalog_graph
from kg.concepts import concept_graph
from kg.export import BLOCKS_DIR, NT_BLOCK, TRIG_BLOCK, block_lines, block_name, clear_temporaries, make_folder, nt_term, remove_stale_blocks, store_trig, store_turtle, write_atomic
from kg.iri import Minter
from kg.read import FORMATS
from kg.recheck import most_changes, recheck_store
from kg.recount import counts_now, save_counts
from kg.shapes_sparql import validate_store
from kg.splice import SpliceError, spliced_turtle, subjects
from kg.statistics import counted_triples, summed
from kg.store import Store
from kg.vocab import prefix_map
from kg.validate import ValidationReport
from kg.views.text import plural
from kg.workers import Built, FileOutcome, Read, Runner, build_job, extract_job

SUPPORTED_SUFFIXES = tuple(FORMATS)
TURTLE_FILE = "kg.ttl"
TRIG_FILE = "kg.trig"
# The violations and warnings a build's summary shows, of each; `kg validate` lists them all.
RESULTS_SHOWN = 10


@dataclass(frozen=True)
class BuildSummary:
    out_dir: Path
    files: tuple[FileOutcome, ...]
    documents: int
    triples: int
    validation: ValidationReport
    outputs: tuple[Path, ...] = field(default=())
    notes: tuple[str, ...] = ()  # what the build found worth saying: language versions that disagree
    kept: tuple[Path, ...] = ()  # outputs left as the last build wrote them: no graph changed, same bytes

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
        for kind, results in (("violation", self.validation.violations), ("warning", self.validation.warnings)):
            lines.extend(f"  {kind}: {result.focus} {result.path or ''}: {result.message}"
                         for result in results[:RESULTS_SHOWN])
            if len(results) > RESULTS_SHOWN:
                lines.append(f"  … and {plural(len(results) - RESULTS_SHOWN, f'more {kind}')}:"
                             f" kg validate --store {self.out_dir} lists them all")
        for outcome in self.files:
            if outcome.status in ("failed", "duplicate"):
                lines.append(f"FAILED {outcome.path}: {outcome.message}")
            elif outcome.status == "removed":
                lines.append(f"removed: {outcome.path}")
            elif outcome.message:
                lines.append(f"note: {outcome.path}: {outcome.message}")
        lines.extend(f"note: {note}" for note in self.notes)
        lines.append(f"store: {self.out_dir / 'store'}")
        lines.extend(f"{'unchanged' if path in self.kept else 'wrote'}: {path}" for path in self.outputs)
        return "\n".join(lines)


def find_sources(sources: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> list[Path]:
    """The files to read: files as given, folders searched for supported files, in sorted order.

    A folder's search leaves out hidden files and folders, and the paths in
    ``skip`` (a build's own folder and view, when they lie inside a source folder:
    the view is HTML, which would be read as a document).
    """
    left_out = [Path(p).resolve() for p in skip]
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            where = path.resolve()
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not _within(where / p.relative_to(path), left_out)
            )
        else:
            found.append(path)  # a missing or unsupported file fails when read, by name
    return found


def _within(path: Path, places: list[Path]) -> bool:
    """Whether ``path`` is one of ``places`` or inside one of them."""
    return any(path == place or place in path.parents for place in places)


SPOOL_DIR = ".spool"  # extractions between the two passes, removed when the build ends
# kg.ttl is brought up to date rather than written whole when a build replaces or removes at
# most this share of the store's document graphs, and at most this many. On 1,000 documents,
# bringing up to date took 0.3 s for 10 graphs, 2.3 s for 250 and 7.7 s for 500; writing
# whole, about 10 s. The subjects of the graphs changed are held in memory.
SPLICE_SHARE = 0.25
SPLICE_MOST = 1_000
# The store's files are merged (``Store.optimize``) once the graphs are written, by a build that
# writes those of at least this share of the files given: a first build, a large rebuild.
OPTIMIZE_SHARE = 0.25


def build_corpus(
    sources: Sequence[str | Path],
    out_dir: str | Path = "kg-out",
    minter: Minter | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
    view: str | Path | None = None,
) -> BuildSummary:
    """Build the graph of ``sources`` into ``out_dir``: store, ``kg.ttl``, ``kg.trig``, and the
    citation view at ``view`` when given.

    A first pass extracts every changed file and sets its extraction aside; a
    second reconciles the language versions of each document (re-reading an
    unchanged version where another changed), builds each file into its graph
    and hands it to the store as it comes. The whole store is then checked
    against the shapes. The store mirrors the sources of this build: graphs
    of files no longer given are removed, and a file moved with its name
    keeps its graph (``_moved``). When no graph is to change, the last
    build's counts and report stand, and the outputs it wrote are kept where
    they still have their bytes (``manifest.Made``).
    """
    minter = minter or Minter.configured()
    out = make_folder(out_dir)
    # The store first: its lock keeps out a second build of this folder before it touches
    # anything here (the spool, the temporaries) that a running build is using.
    store = Store.open(out, create=True)
    clear_temporaries(out)
    spool = out / SPOOL_DIR
    shutil.rmtree(spool, ignore_errors=True)
    spool.mkdir()
    paths = [str(p) for p in find_sources(sources, skip=[out] + ([Path(view)] if view else []))]
    order = {p: i for i, p in enumerate(paths)}
    previous, made_by, last = manifest.load(out)
    maker = manifest.current_maker(minter.base)
    notes: list[str] = []
    why = maker.differs(made_by)
    if why and len(store):
        # Graphs made with other IRIs or by other code are not kept: the build starts afresh.
        store.clear()
        notes.append(f"{why}: the store was emptied and every file read again")
    kept = {} if why else previous
    stored = set(store.graph_names())
    hashes = {p: manifest.file_hash(Path(p)) for p in paths}
    moves = _moved(paths, hashes, kept, stored)
    kept = {**kept, **{new: replace(kept[old], outcome={**kept[old].outcome, "path": new}) for new, old in moves.items()}}
    unchanged = {
        p for p in paths
        # A file that failed is read again: a newer kg may read it.
        if hashes[p] and p in kept and kept[p].sha256 == hashes[p] and kept[p].graph in stored
    }
    outcomes: dict[str, FileOutcome] = {}
    entries: dict[str, manifest.Entry] = {}
    owners: dict[str, str] = {}
    runner = Runner(jobs)
    try:
        def spooled(paths_to_read: list[str]) -> list[Read]:
            jobs_ = [(p, str(spool / f"{order[p]}.pickle")) for p in paths_to_read]
            return list(runner.map(extract_job, jobs_, progress, "read"))

        read = spooled([p for p in paths if p not in unchanged])
        symbols = {r.group for r in read if r.failure is None}
        siblings = [p for p in paths if p in unchanged and kept[p].symbol and "symbol:" + kept[p].symbol in symbols]
        read += spooled(siblings)
        unchanged -= set(siblings)
        groups: dict[str, list[Read]] = {}
        for r in sorted(read, key=lambda r: order[r.path]):
            if r.failure is not None:
                outcomes[r.path] = r.failure
                entries[r.path] = manifest.Entry(hashes[r.path] or "", None, None, (), asdict(r.failure))
            else:
                groups.setdefault(r.group, []).append(r)
        jobs_to_build = [(tuple((r.path, r.spooled) for r in group), minter.base) for group in groups.values()]
        for path in sorted(unchanged, key=order.get):
            entry = kept[path]
            outcomes[path] = FileOutcome(**{**entry.outcome, "status": "unchanged"})
            entries[path] = entry
            owners.setdefault(entry.graph, path)
        targets = [out / TURTLE_FILE, out / TRIG_FILE] + ([Path(view)] if view else [])
        if not (why or store.interrupted or jobs_to_build or _stale_graphs(store, owners, minter)) \
                and last is not None and last.fits(store.changes):
            # No graph to change: the store, its counts and its report stay as they are, and so
            # does every output that still has the bytes it was written with.
            kept_outputs = tuple(target for target in targets if last.holds(out, target, store.changes))
            writing = [target for target in targets if target not in kept_outputs]
            _, hashes = _write_outputs(store, out, targets, writing, runner, minter, progress, None, None,
                                       (set(), store.changes))
            made = last.rewritten(out, targets, writing, hashes) if writing else last
        else:
            blocks = out / BLOCKS_DIR
            if store.interrupted:
                # A build cut short may have written a graph's blocks and not the graph.
                shutil.rmtree(blocks, ignore_errors=True)
            blocks.mkdir(exist_ok=True)
            # The subjects whose triples may change, as they were and (below) as they become,
            # when the last kg.ttl can be brought up to date (``kg.splice``).
            affected = None
            if not why and last is not None and last.holds(out, targets[0], store.changes):
                affected = _subjects_that_may_change(store, blocks, owners, minter)
            if not why and not store.interrupted and last is not None and last.fits(store.changes):
                # the last report is of the store as it is now: what changes is checked again (kg.recheck)
                store.record_changes(most_changes(last.triples))
            before = store.changes
            with store.changing():
                loader = _Loader(store, blocks)
                for built, group_notes in runner.map(build_job, jobs_to_build, progress, "build"):
                    notes.extend(group_notes)
                    for result in built:
                        _take(result, loader, hashes, outcomes, entries, owners)
                        if affected is not None and entries[result.outcome.path].graph:
                            affected |= subjects(result.ntriples.split(b"\n"))
                loader.close()
                for name in _stale_graphs(store, owners, minter):
                    store.remove_graph(URIRef(name))
                if sum(len(files) for files, _ in jobs_to_build) >= OPTIMIZE_SHARE * len(paths):
                    # many graphs bulk-written (a first build, a large rebuild): the counts, the
                    # checks, the outputs and every query after read a merged store (a few
                    # graphs: not worth the merge)
                    store.optimize()
                used = {tuple(c) for e in entries.values() if e.graph for c in e.concepts}
                store.replace_graph(minter.special_graph("concepts"), concept_graph(used, minter))
                facts = _dataset_facts(store, minter, _union_size(store, last))
                catalog = catalog_graph(facts, minter)
                # the counts of each document read: of those a change reaches alone, where it can be told
                counts = counts_now(store, out, store.changed, last.changes if last else None)
                for triple in counted_triples(*summed(counts), minter):
                    catalog.add(triple)
                # kept for the next build now, not held through the checks and the outputs (where
                # the build's memory peaks): they are of the store at this build's count of changes
                save_counts(out, counts, store.changes)
                del counts
                store.replace_graph(minter.special_graph("dataset"), catalog)
            if affected is not None:
                affected |= set().union(*(subjects(store.graph_lines(name)) for name in _special_graphs(minter)))
            changed = store.changed
            check = partial(recheck_store, store, last.validation, changed, last.triples) if changed is not None \
                else partial(validate_store, store)
            report, hashes = _write_outputs(store, out, targets, targets, runner, minter, progress, affected, check,
                                            (changed, before))
            if not view:  # what changed, for the next view to be drawn from the edges the last one kept
                from kg.redraw import note_undrawn

                note_undrawn(out, changed, before, store.changes, most_changes(last.triples) if last else 0)
            made = manifest.record(out, targets, store.changes, facts.documents, facts.triples + len(catalog), report,
                                   hashes)
            kept_outputs = ()
    finally:
        runner.close()
        shutil.rmtree(spool, ignore_errors=True)
    manifest.save(out, {p: entries[p] for p in paths}, maker, made)
    gone = set(previous) - set(paths) - set(moves.values())
    files = [outcomes[p] for p in paths] + [FileOutcome(p, "removed") for p in sorted(gone)]
    return BuildSummary(out, tuple(files), made.documents, made.triples, made.validation, tuple(targets),
                        tuple(notes), kept_outputs)


def _moved(paths: list[str], hashes: dict[str, str | None], kept: dict[str, manifest.Entry],
           stored: set[str]) -> dict[str, str]:
    """Files given at a path the last build did not know, each the same file (same name, same
    bytes) as one it built at a path no longer given: new path -> old path.

    A graph depends on a file's bytes and its name (``kg:sourceFile``), not on its folder, so
    the old graph stands for the moved file. A name and content given or left at two paths is
    no move: each such file is read as new.
    """
    given = set(paths)
    left: dict[tuple[str, str], list[str]] = {}
    for path, entry in kept.items():
        if path not in given and entry.sha256 and entry.graph in stored:
            left.setdefault((Path(path).name, entry.sha256), []).append(path)
    arrived: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        if path not in kept and hashes[path]:
            arrived.setdefault((Path(path).name, hashes[path]), []).append(path)
    return {news[0]: left[key][0] for key, news in arrived.items() if len(news) == 1 and len(left.get(key, ())) == 1}


def _stale_graphs(store: Store, owners: dict[str, str], minter: Minter) -> list[str]:
    """The store's graphs of files no longer given (the corpus-wide graphs aside)."""
    special = _special_graphs(minter)
    return [name for name in store.graph_names() if name not in owners and name not in special]


def _subjects_that_may_change(store: Store, blocks: Path, owners: dict[str, str], minter: Minter) -> set[bytes] | None:
    """Before a build changes the store: the subjects of every graph it may replace or remove
    (only an unchanged file's graph stays as it is) and of the corpus-wide graphs. None when
    more graphs may change than bringing kg.ttl up to date is worth (``SPLICE_SHARE``)."""
    changing = _stale_graphs(store, owners, minter)
    documents = len(store.graph_names()) - len(_special_graphs(minter))
    if len(changing) > min(SPLICE_SHARE * documents, SPLICE_MOST):
        return None
    return set().union(*(subjects(block_lines(store, blocks, name)) for name in changing + _special_graphs(minter)))


def _special_graphs(minter: Minter) -> list[str]:
    """The corpus-wide graphs: the concepts used and the dataset's description."""
    return [str(minter.special_graph("concepts")), str(minter.special_graph("dataset"))]


def _write_outputs(store: Store, out: Path, targets: list[Path], writing: list[Path], runner: Runner,
                   minter: Minter, progress, affected: set[bytes] | None,
                   check: Callable[[], ValidationReport] | None,
                   change: tuple[set[bytes] | None, int]) -> tuple[ValidationReport | None, dict[Path, str]]:
    """Write the ``targets`` in ``writing`` (kg.ttl, kg.trig, the citation view when asked for)
    from the store, and check it against the shapes with ``check`` when given; return the report
    and the hashes of kg.ttl and kg.trig, made as they were written.

    kg.ttl is brought up to date when the subjects whose triples may have
    changed are ``affected`` (``kg.splice``), and written whole otherwise. The
    view's edges are made again where the lines the union lost or gained
    since the store's count of changes reach (``change``: the lines, None
    when not known, and that count; ``kg.redraw``).
    """
    if progress and (writing or check):
        progress("validate and write" if check else "write")
    blocks = out / BLOCKS_DIR
    hashes = {}
    # All only read the store: the checks run on a thread of their own while
    # this one writes kg.ttl and kg.trig from the blocks, then the view.
    with ThreadPoolExecutor(1) as checking:
        validation = checking.submit(check) if check else None
        if targets[0] in writing:
            spliced = _spliced(targets[0], affected, store, minter) if affected is not None else None
            hashes[targets[0]] = spliced or _write_hashed(targets[0], store_turtle(store, minter, runner.map, blocks))
        if targets[1] in writing:
            remove_stale_blocks(store, blocks)
            hashes[targets[1]] = _write_hashed(targets[1], store_trig(store, minter, runner.map, blocks))
        if targets[2:] and targets[2] in writing:
            from kg.redraw import write_citation_view  # pyvis and its templates, loaded only where drawn

            write_citation_view(store, out, targets[2], *change)
        return (validation.result() if validation else None), hashes


def _spliced(turtle: Path, affected: set[bytes], store: Store, minter: Minter) -> str | None:
    """Bring kg.ttl up to date (``kg.splice``) and return the hash of its bytes; None when the
    last one cannot be."""
    try:
        return _write_hashed(turtle, spliced_turtle(turtle, affected, store.lines_about, prefix_map(minter)))
    except SpliceError:
        return None


def _write_hashed(path: Path, pieces: Iterable[str]) -> str:
    """Write ``pieces`` to ``path`` (``write_atomic``); the hash of the bytes written, made as they go."""
    digest = hashlib.sha256()
    write_atomic(path, pieces, digest)
    return digest.hexdigest()


class _Loader:
    """Built graphs on their way to the store: held until enough lines are worth one bulk write.

    The writes run on a thread of their own (the store lets go of the
    interpreter while it writes), so the build goes on taking graphs from the
    workers meanwhile; one write at a time, in order.
    """

    BATCH_LINES = 200_000

    def __init__(self, store: Store, blocks: Path):
        self.store, self.blocks = store, blocks
        self.pending: list[tuple[str, bytes]] = []
        self.lines = 0
        self.writer = ThreadPoolExecutor(1)
        self.writing: Future | None = None

    def add(self, name: str, ntriples: bytes, trig: str, packed: bytes) -> None:
        (self.blocks / block_name(name, TRIG_BLOCK)).write_text(trig, encoding="utf-8")
        (self.blocks / block_name(name, NT_BLOCK)).write_bytes(packed)
        self.pending.append((name, ntriples))
        self.lines += ntriples.count(b"\n") + 1
        if self.lines >= self.BATCH_LINES:
            self.flush()

    def flush(self) -> None:
        if self.writing is not None:
            self.writing.result()  # one batch at a time; a failed write is raised here
        self.writing = self.writer.submit(self.store.put_graphs, self.pending) if self.pending else None
        self.pending, self.lines = [], 0

    def close(self) -> None:
        """Write what is held and wait for every write to end."""
        self.flush()
        if self.writing is not None:
            self.writing.result()
        self.writer.shutdown()


def _take(result: Built, loader: _Loader, hashes, outcomes, entries, owners) -> None:
    """One built file into the store, unless another file already gave its document and language."""
    path, outcome = result.outcome.path, result.outcome
    entry = manifest.Entry(hashes[path] or "", result.graph, outcome.symbol, result.concepts, asdict(outcome))
    if result.graph in owners:
        outcome = FileOutcome(path, "duplicate", f"same document and language as {owners[result.graph]}; not built again")
        entry = manifest.Entry(hashes[path] or "", None, None, (), asdict(outcome))
    elif result.graph:
        loader.add(result.graph, result.ntriples, result.trig, result.packed)
        owners[result.graph] = path
    outcomes[path], entries[path] = outcome, entry


DATASET_COUNTS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?documents ?read ?newest WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { ?d a kg:Document } }
  { SELECT (COUNT(DISTINCT ?e) AS ?read) WHERE { ?w kg:hasExpression ?e } }
  OPTIONAL { SELECT (MAX(STR(?date)) AS ?newest) WHERE { ?w kg:hasExpression ?e ; dcterms:date ?date } }
}
"""
UNION_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DESCRIPTION_COUNT = "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
EXPRESSIONS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
SELECT DISTINCT ?e WHERE { ?e a kg:Expression } ORDER BY ?e
"""


def _union_size(store: Store, last: manifest.Made | None) -> int | None:
    """The triples the union holds, from the last build's count and the changes the store kept
    since (``Store.union_growth``); None when it kept none. The last count is of the union
    as the last build left it: its documents', concepts' and description's triples, which share
    none (the description's terms are the dataset's own)."""
    growth = store.union_growth()
    return None if growth is None or last is None else last.triples + growth


def _dataset_facts(store: Store, minter: Minter, union: int | None = None) -> DatasetFacts:
    """Counts for the dataset description, asked of the store; ``union``, the triples of the
    union when known (``_union_size``), is not counted again.

    The old description stays in the store until the new one replaces it (a
    run killed in between leaves a store that still describes itself); its
    triples, about the dataset and its files alone, are taken off the count.
    """
    _, rows = store.select(DATASET_COUNTS, union=False)
    row = rows[0]
    if union is None:
        union = store.select(UNION_COUNT)[1][0]["n"]
    _, described = store.select(DESCRIPTION_COUNT.format(graph=nt_term(minter.special_graph("dataset"))))
    _, expressions = store.select(EXPRESSIONS, union=False)
    return DatasetFacts(
        expressions=[URIRef(r["e"]) for r in expressions],
        triples=union - described[0]["n"],
        documents=row["documents"],
        documents_read=row["read"],
        newest_date=row["newest"] or None,
    )
