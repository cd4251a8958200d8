"""The store stage: the embedded Oxigraph store, persisted in the build folder.

One named graph per document, replaced as a whole, so a document can be
rebuilt alone. No server is needed: the store is a folder (``DIR/store``).

Queries run on the default graph, which holds the union of the named graphs
with each triple once, kept so by every write. Oxigraph's own union of named
graphs keeps a triple once per graph that holds it: a document cited by a
hundred others would come back a hundred times and multiply every join.
Oxigraph is used directly (pyoxigraph): loading and querying are an order of
magnitude faster than rdflib's in-memory store (see DESIGN.md).
"""
from __future__ import annotations

import re
import tempfile
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Iterable, Iterator, Sequence, Sized

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg import ordering
from kg.bindings import with_values
from kg.export import nt_term, sorted_once, write_atomic

STORE_DIR = "store"
UNION_MARK = ".store-changing"  # beside the store while a build changes it
LOCKED = "/LOCK:"  # in the error of a store another process holds for writing (RocksDB's lock file)
LINE_SEPARATOR, PARAGRAPH_SEPARATOR = "\u2028".encode("utf-8"), "\u2029".encode("utf-8")
# An escape in a literal as Oxigraph writes it, or a separator it leaves as it is.
OXIGRAPH_ESCAPE = re.compile(rb'\\(?:u([0-9A-F]{4})|([btf])|([\\"nr]))|(\xe2\x80\xa8|\xe2\x80\xa9)')
CONTROL_LETTERS = {b"b": b"\x08", b"t": b"\t", b"f": b"\x0c"}
CHANGES_FILE = ".store-changes"  # beside the store: how many times a build began to change it


class StoreError(RuntimeError):
    """The store folder is missing, locked or unreadable."""


class Store:
    """The embedded store in ``<folder>/store``.

    >>> import tempfile
    >>> s = Store.open(tempfile.mkdtemp(), create=True)
    >>> s.graph_names()
    []
    """

    def __init__(self, store: ox.Store, path: Path):
        self._store = store
        self.path = path
        # once ``record_changes``: each line the union lost or gained, and whether it held it before
        self._held_before: dict[bytes, bool] | None = None
        self._most_changes = 0

    def record_changes(self, most: int) -> None:
        """From now on, keep the N-Triples lines that the union loses or gains (``changed``);
        past ``most`` lines, stop, and ``changed`` is None again (too many to be worth keeping)."""
        self._held_before, self._most_changes = {}, most

    @property
    def changed(self) -> set[bytes] | None:
        """The lines the union holds now and did not when ``record_changes`` began, or the other
        way round; None when no changes are recorded. A line lost and gained again is none."""
        held = self._held_now()
        return None if held is None else set(held)

    def union_growth(self) -> int | None:
        """How many more triples the union holds than when ``record_changes`` began (fewer when
        negative); None when no changes are recorded. A count of the union costs a scan of it
        (1.5 s at 5,000 documents); this costs a lookup per changed line."""
        held = self._held_now()
        return None if held is None else sum(1 if now else -1 for now in held.values())

    def _held_now(self) -> dict[bytes, bool] | None:
        """Each changed line whose place in the union is not what it was, and whether it is there now.

        The writes note a line before they change it, and only its first note counts, so
        whatever order a batch of graphs is written in, what was held is what the union held
        when the recording began.
        """
        if self._held_before is None:
            return None
        held = {line: self._in_union(triple) for line, triple in _triples(self._held_before)}
        return {line: now for line, now in held.items() if now != self._held_before[line]}

    @classmethod
    def open(cls, folder: str | Path, create: bool = False, read_only: bool = False) -> "Store":
        path = Path(folder) / STORE_DIR
        if not path.is_dir() and not create:
            raise StoreError(
                f"{folder}: no store here (expected {path}); run `kg build --out {folder} SOURCE...` first"
            )
        try:
            if read_only:
                store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                store = ox.Store(str(path))
        except (OSError, RuntimeError) as error:  # RuntimeError: RocksDB's "Corruption", a file gone
            if LOCKED in str(error):
                raise StoreError(f"{path}: another process has the store open for writing (a build?): "
                                 "wait for it to end, or write into another folder") from error
            # opened to read while a build writes, the store can lose a file under the reader
            busy = " while a build changes it: try again when the build ends" if _marked(path) else ""
            raise StoreError(f"{path}: cannot open the store{busy}: {error}") from error
        return cls(store, path)

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        """Put ``graph`` in the store as the named graph ``name``, replacing what was there."""
        triples = "\n".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in sorted(graph))
        self.replace_graph_nt(str(name), triples)

    def replace_graph_nt(self, name: str, ntriples: str | bytes) -> None:
        """Replace the named graph ``name`` by the triples of an N-Triples text; the union follows."""
        data = ntriples.encode("utf-8") if isinstance(ntriples, str) else ntriples
        self.put_graphs([(name, data)])

    def put_graphs(self, graphs: Sequence[tuple[str, bytes]]) -> None:
        """Named graphs, each given as N-Triples lines, put in the store with their triples in the union.

        A graph already there is replaced in one transaction (one update: a
        run cut short leaves the old graph or the new one) that deletes the
        lines it loses and inserts the lines it gains, so the cost follows the
        change, not the graph. The union loses the old triples no other graph
        holds. New graphs are written together by the bulk loader, several
        times faster: a run cut short there leaves a graph part-written, which
        the manifest (saved only at the end of a build) has the next build
        write again. The loader is lenient (it does not check the IRIs again):
        every line was written by ``nt_term``, which refuses an IRI holding a
        character an IRI cannot. Loading the 2.0 million quads of 1,000
        documents took 9.5-10.2 s instead of 10.8-11.0 s (three runs each, in
        turn), and a whole build of them 28.7-29.0 s instead of 30.6-30.8 s;
        at 5,000 documents the builds differed by less than the machine's noise.
        """
        fresh = []
        for name, ntriples in graphs:
            iri = ox.NamedNode(name)
            if self._has_graph(iri):
                old, new = set(self.graph_lines(name)), {line for line in ntriples.split(b"\n") if line}
                if old != new:
                    self._note_gained(new - old)
                    self._store.update(_replacing(name, old, new))
                self._note(self._forget(old - new), held=True)
            else:
                self._note_gained(ntriples.split(b"\n"))
                fresh.append(named_quads(name, ntriples) + b"\n" + ntriples)
        if fresh:
            self._store.bulk_load(b"\n".join(fresh), ox.RdfFormat.N_QUADS, lenient=True)

    def optimize(self) -> None:
        """Merge the store's files into one sorted run per index (RocksDB's full compaction).

        Each bulk write adds files that overlap those before, and a lookup may
        read each of them; the store merges them on threads of its own, which
        stop when a build closes it. After a build of 1,000 documents, the
        library's queries took 0.65-0.99 of the time on the store merged, 0.79
        the median (four comparisons, in turn in one process; 0.59-0.97 at
        5,000), for 3.6 s of merging (21 s at 5,000): the build took 44.2-45.1 s
        instead of 40.1-40.5.
        """
        self._store.optimize()

    def clear(self) -> None:
        """Remove every graph, the default one too."""
        self._store.clear()

    def remove_graph(self, name: URIRef) -> None:
        target = ox.NamedNode(str(name))
        if self._has_graph(target):
            old = set(self.graph_lines(str(name)))
            self._store.remove_graph(target)
            self._note(self._forget(old), held=True)

    def _note(self, lines: Iterable[bytes], held: bool) -> None:
        """Note ``lines`` as changed, the union holding them (``held``) before the change."""
        if self._held_before is not None:
            for line in lines:
                self._held_before.setdefault(line, held)
            if len(self._held_before) > self._most_changes:
                self._held_before = None

    def _note_gained(self, lines: Sized) -> None:
        """Before ``lines`` are written: note those the union does not hold yet."""
        if self._held_before is None:
            return
        if len(self._held_before) + len(lines) > self._most_changes:
            self._held_before = None  # too many to be worth looking up
            return
        self._note((line for line, triple in _triples(lines) if not self._in_union(triple)), held=False)

    def _in_union(self, triple: tuple) -> bool:
        return ox.Quad(*triple, ox.DefaultGraph()) in self._store

    def _forget(self, lines: Iterable[bytes]) -> list[bytes]:
        """Take out of the union the triples of ``lines`` that no named graph holds any more;
        return their lines."""
        gone = []
        for line, (s, p, o) in _triples(lines):
            held = any(not isinstance(q.graph_name, ox.DefaultGraph) for q in self._store.quads_for_pattern(s, p, o, None))
            if not held:
                self._store.remove(ox.Quad(s, p, o, ox.DefaultGraph()))
                gone.append(line)
        return gone

    def _has_graph(self, target: ox.NamedNode) -> bool:
        return self._store.contains_named_graph(target)

    def graph_names(self) -> list[str]:
        return sorted(node.value for node in self._store.named_graphs() if isinstance(node, ox.NamedNode))

    @classmethod
    def holding(cls, lines: Iterable[bytes]) -> "Store":
        """A store in memory whose default graph holds the N-Triples ``lines`` (a few: what a
        build changed), to be asked what the store is asked."""
        store = ox.Store()
        store.extend(ox.Quad(*triple, ox.DefaultGraph()) for _, triple in _triples(lines))
        return cls(store, Path())

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()

    def refresh_union(self) -> None:
        """Make the default graph the union of the named graphs again, each triple once.

        The writes keep the union as they go; this remakes it whole, after a
        run that stopped between a graph's write and its union's.
        """
        self._store.clear_graph(ox.DefaultGraph())
        for name in self._store.named_graphs():
            data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            self._store.load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())

    @property
    def interrupted(self) -> bool:
        """Whether the last ``changing`` block was cut short: its mark is still beside the store."""
        return _marked(self.path)

    @property
    def changes(self) -> int:
        """How many ``changing`` blocks have begun on this store (0 when it does not say).

        What was made from the store at one count was made from the store as
        it still is while the count stays the same.
        """
        try:
            return int((self.path.parent / CHANGES_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            return 0

    @contextmanager
    def changing(self) -> Iterator["Store"]:
        """Changes that may be cut short: a mark beside the store says so until they end.

        A run killed in between leaves the mark, and the next ``changing`` block
        remakes the union whole at its end. The count of ``changes`` goes up
        before the first change.
        """
        mark = self.path.parent / UNION_MARK
        interrupted = self.interrupted
        write_atomic(self.path.parent / CHANGES_FILE, f"{self.changes + 1}\n")
        mark.touch()
        yield self
        if interrupted:
            self.refresh_union()
        self.flush()
        mark.unlink()

    def rows(self, sparql: str) -> list[dict[str, object]]:
        """The rows of a SELECT (``select`` without the variable names): what the views and
        analyses take as their ``select``."""
        return self.select(sparql)[1]

    def select(self, sparql: str, bindings: dict[str, object] | None = None, union: bool = False,
               sort_in_python: bool = True) -> tuple[list[str], list[dict[str, object]]]:
        """Run a SELECT; ``bindings`` are bound as RDF terms (``with_values``), never pasted into the text.

        Returns the variable names and one dict per row (IRIs and literals as
        Python strings, numbers as int/float, unbound as None). The query's
        final ORDER BY is done in Python where it can be (``kg.ordering``): the
        same rows in the same order, sooner; ``sort_in_python=False`` leaves it
        to the store.
        """
        text = with_values(sparql, bindings)
        found = self.sorted_in_python(text, union) if sort_in_python else None
        names, rows = found or self.solutions(text, union)
        values = {term: _python(term) for term in set(chain.from_iterable(rows))}  # each value read once
        return names, [dict(zip(names, map(values.__getitem__, row))) for row in rows]

    def sorted_in_python(self, sparql: str, union: bool = False) -> tuple[list[str], list[tuple]] | None:
        """A SELECT's variable names and rows of pyoxigraph terms, its final ORDER BY done in
        Python (``kg.ordering``); None where the store must sort them."""
        plan = ordering.unsorted(sparql)
        if plan is None:
            return None
        try:
            return ordering.ordered(*self.solutions(plan.text, union), plan)
        except SyntaxError:  # the store reads the query as written, and says what is wrong with it
            return None

    def solutions(self, sparql: str, union: bool = False) -> tuple[list[str], list[tuple]]:
        """A SELECT's variable names and rows of pyoxigraph terms (None when unbound)."""
        result = self._store.query(sparql, use_default_graph_as_union=union)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("the query is not a SELECT query")
        # a solution iterates over its values in the order of the variables
        return [v.value for v in result.variables], [tuple(solution) for solution in result]

    def dump_graph(self, name: str | None) -> bytes:
        """One named graph (the default graph when None) as N-Triples, lines sorted: same graph, same bytes."""
        lines = self.graph_lines(name)
        return b"\n".join(lines) + b"\n" if lines else b""

    def sorted_lines(self, name: str | None, run: int = 1_000_000) -> Iterator[bytes]:
        """One graph's N-Triples lines in byte order, sorted on disk: memory holds ``run`` lines at most.

        The store writes the graph to a file beside it, which is read in runs
        of lines (``sorted_once``).
        """
        target = ox.NamedNode(name) if name else ox.DefaultGraph()
        with tempfile.TemporaryDirectory(prefix=".sort-", dir=self.path.parent) as folder:
            dumped = Path(folder) / "graph.nt"
            self._store.dump(str(dumped), ox.RdfFormat.N_TRIPLES, from_graph=target)
            with dumped.open("rb") as handle:
                chunks = iter(lambda: _lines(b"".join(islice(handle, run))), [])
                yield from sorted_once(chunks, Path(folder), run)

    def graph_lines(self, name: str | None) -> list[bytes]:
        """One named graph (the default graph when None) as sorted N-Triples lines."""
        target = ox.NamedNode(name) if name else ox.DefaultGraph()
        lines = _lines(self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=target))
        lines.sort()
        return lines

    def lines_about(self, subjects: Iterable[bytes]) -> list[bytes]:
        """What the default graph says about ``subjects`` (terms ``<iri>``), as sorted N-Triples lines."""
        triples = [
            quad.triple
            for subject in subjects
            for quad in self._store.quads_for_pattern(ox.NamedNode(subject[1:-1].decode("utf-8")), None, None, ox.DefaultGraph())
        ]
        lines = _lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b"")
        lines.sort()
        return lines

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        target = ox.NamedNode(graph) if graph else None
        return self._store.quads_for_pattern(None, None, None, target)

    def to_dataset(self, graphs: Iterable[str] | None = None) -> Dataset:
        """The store's named graphs as an rdflib Dataset (for serialising and validating)."""
        dataset = Dataset()
        for name in graphs if graphs is not None else self.graph_names():
            context = dataset.graph(URIRef(name))
            for quad in self.quads(name):
                context.add((_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))
        return dataset


def _marked(path: Path) -> bool:
    """Whether the store at ``path`` has the mark a build leaves beside it while it changes it."""
    return (path.parent / UNION_MARK).exists()


def _triples(lines: Iterable[bytes]) -> Iterator[tuple[bytes, tuple]]:
    """Each N-Triples line with its triple (subject, predicate, object), in the lines' order."""
    ordered = sorted(line for line in lines if line.strip())
    if ordered:
        parsed = ox.parse(b"\n".join(ordered), format=ox.RdfFormat.N_TRIPLES)
        yield from zip(ordered, ((t.subject, t.predicate, t.object) for t in parsed), strict=True)


def _replacing(name: str, old: set[bytes], new: set[bytes]) -> str:
    """The update that turns the named graph ``name`` from the N-Triples lines ``old`` into
    ``new`` and adds the lines it gains to the union: N-Triples terms are SPARQL terms.

    Only the difference is written. DELETE DATA cannot name a blank node; the
    graphs have none, as ``nt_term`` writes none.

    >>> print(_replacing("http://e.org/g", {b"<s> <p> <a> ."}, {b"<s> <p> <b> ."}))
    DELETE DATA { GRAPH <http://e.org/g> {
    <s> <p> <a> .
    } } ;
    INSERT DATA {
    <s> <p> <b> .
    GRAPH <http://e.org/g> {
    <s> <p> <b> .
    } }
    """
    lost = "\n".join(line.decode("utf-8") for line in sorted(old - new))
    gained = "\n".join(line.decode("utf-8") for line in sorted(new - old))
    steps = []
    if lost:
        steps.append(f"DELETE DATA {{ GRAPH <{name}> {{\n{lost}\n}} }}")
    if gained:
        steps.append(f"INSERT DATA {{\n{gained}\nGRAPH <{name}> {{\n{gained}\n}} }}")
    return " ;\n".join(steps)


def named_quads(name: str, ntriples: bytes) -> bytes:
    """N-Triples lines as N-Quads lines of the graph ``name`` (an IRI without brackets)."""
    label = b" <" + name.encode("utf-8") + b"> .\n"
    return b"".join(line[:-1] + label for line in ntriples.split(b"\n") if line).rstrip(b"\n")


def _lines(data: bytes) -> list[bytes]:
    """N-Triples from Oxigraph's writer as lines in the form ``nt_term`` writes (``as_written``)."""
    return [line for line in as_written(data).split(b"\n") if line]


def as_written(data: bytes) -> bytes:
    """N-Triples from Oxigraph's writer in the form of ``nt_term``, which the build's blocks have.

    Oxigraph escapes a tab, a backspace, a form feed and the other control
    characters, and writes U+2028 and U+2029 as they are; ``nt_term`` does the
    opposite. Every way of reading a graph must give the same bytes.
    """
    if b"\\" not in data and LINE_SEPARATOR not in data and PARAGRAPH_SEPARATOR not in data:
        return data
    return OXIGRAPH_ESCAPE.sub(_as_written, data)


def _as_written(found: re.Match) -> bytes:
    code, letter, kept, separator = found.groups()
    if code:
        return chr(int(code, 16)).encode("utf-8")
    if letter:
        return CONTROL_LETTERS[letter]
    if kept:
        return found[0]
    return b"\\u2028" if separator == LINE_SEPARATOR else b"\\u2029"


def _from_ox(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot read {term!r}")


def _python(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
                return int(term.value)
            if datatype.endswith(("#decimal", "#double", "#float")):
                return float(term.value)
        except ValueError:  # an ill-formed number is given as it is written
            pass
        return term.value
    return term.value
