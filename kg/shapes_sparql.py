"""The shapes of ``ontology/shapes.ttl`` compiled to SPARQL, run on the store.

pySHACL walks an rdflib graph in Python: about 60 ms for one document's
graph, hours for a corpus. The same shapes, compiled once to one SELECT per
constraint, run inside the store over the whole union graph in seconds.
The builds and ``kg validate`` check this way; ``kg validate --pyshacl``
keeps pySHACL as the reference, and a test holds the two to the same results.

The queries are written for a store that joins by index lookups: a lookup
per row costs about 5 µs on disk, a row of a scan far less. So each check
that reads values is a subquery (``_alone``), answered once over the whole
store and joined by hash, and "has no value" is a MINUS, not a FILTER NOT
EXISTS looked up row by row. Measured here: 1.9 s against 4.7 s for 1,000
documents (a million triples), 11.5 s against 30 s for 5,000. The values that
break a check are then tested against its target, rather than the target
gathered whole and joined (``_run_together``): 1.3-1.5 s against 1.7-1.8 s
for 1,000 documents, 7.9-8.5 s against 10.4-10.6 s for 5,000. Each check is
a query of its own, the selectors' owners are tested only where a selector
fails (``_share_inner_checks``) and the counts keep no set of values: 1.0 s
and 126-128 MB at most against 1.3-1.5 s and 209 MB for 1,000 documents,
6.5 s and 418-444 MB against 8.2-8.7 s and 885-909 MB for 5,000. A query
that several checks read (kg:quote's, for citations and for statements of
pursuance) is asked once: for 5,000 documents, 12.5-13.4 s of CPU against
14.9-15.2 s, in turn in one hour.

Only what the shapes use is compiled: targets by class or by subject of a
predicate; property shapes with a plain predicate path; the constraints in
``COMPONENTS``. A shape using anything else is refused by name
(``ShapeCompileError``), so a new shape cannot be silently ignored.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from kg.bindings import values_blocks
from kg.export import nt_term
from kg.validate import SEVERITIES, ValidationReport, ValidationResult, shapes

TYPE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
PLAIN_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
HAS_SUBCLASSES = "ASK { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }"
# The lexical forms a well-formed literal of these datatypes may take (XSD).
LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
}
# Shape keys that are not constraints: what the compiler reads besides COMPONENTS.
NOT_CONSTRAINTS = {RDF.type, SH.path, SH.severity, SH.message, SH.name, SH.description,
                   SH.targetClass, SH.targetSubjectsOf, SH.property}
# Where a run over some focus nodes binds ?focus to them (``focus_values``); in a
# run over the whole store it is a comment. Every pattern that reads ?focus on
# its own (a subquery, a MINUS) opens with it, so no part is answered whole.
FOCI = "#foci\n"


class ShapeCompileError(ValueError):
    """A shape uses a SHACL feature the compiler does not know."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query: rows of ?focus (and ?value) that violate it."""

    severity: str
    path: str
    message: str
    # the pattern binding ?focus; for the inner checks of sh:node, ?owner and every value of
    # the path, whatever ?owner is: more than the focus nodes when other nodes use the path
    target: str
    where: str  # what a violation looks like there (for sh:node: the values the node shape checks)
    owners: str = ""  # for the inner checks of sh:node: the pattern of the owners whose values they check
    node: str = ""  # for sh:node: the node shape
    inner: tuple["Check", ...] = ()  # for sh:node: the node shape's checks, with ?value as their focus
    follows: bool = False  # whether it reads the values' own triples too (sh:class), not only the focus's

    @property
    def sparql(self) -> str:
        return f"SELECT DISTINCT ?focus ?value WHERE {{ {FOCI}{self.target} {self.where} }}"

    @property
    def tested(self) -> str:
        """The focus nodes exactly, as plain patterns that test them one at a time."""
        return f"{self.target} {self.owners}" if self.owners else self.target


def _term(node) -> str:
    return nt_term(node)


def _label(node) -> str:
    """A constraint's value as a message names it."""
    return "a list" if isinstance(node, BNode) else nt_term(node)


def _alone(variables: str, pattern: str) -> str:
    """``pattern`` as a subquery: answered once, on its own, then joined by hash."""
    slot = FOCI if "?focus" in variables.split() else ""
    return f"{{ SELECT {variables} WHERE {{ {slot}{pattern} }} }}"


# The counts are COUNT(?any), not COUNT(DISTINCT ?any): a graph holds a triple once, so the
# values of one focus node along one predicate are distinct already, and the store keeps no
# set of them per focus node (at 5,000 documents, the check of at most one kg:quote per node
# took 85 MB and 0.43 s against 149 MB and 0.57 s).


def _min_count(path: str, value, shape: "_Shape") -> str:
    n = int(value)
    if n == 1:
        return f"MINUS {{ {FOCI}?focus {path} ?any }}"
    return (f"OPTIONAL {{ SELECT ?focus (COUNT(?any) AS ?n) WHERE {{ {FOCI}?focus {path} ?any }} GROUP BY ?focus }}"
            f" FILTER(COALESCE(?n, 0) < {n})")


def _max_count(path: str, value, shape: "_Shape") -> str:
    return (f"{{ SELECT ?focus WHERE {{ {FOCI}?focus {path} ?any }} GROUP BY ?focus"
            f" HAVING (COUNT(?any) > {int(value)}) }}")


def _datatype(path: str, value, shape: "_Shape") -> str:
    if value == RDF.langString:
        good = 'isLiteral(?value) && LANG(?value) != ""'
    else:
        good = f"isLiteral(?value) && DATATYPE(?value) = {_term(value)}"
        if value in LEXICAL:
            good += f" && REGEX(STR(?value), {_term(Literal(LEXICAL[value]))})"
    return _alone("?focus ?value", f"?focus {path} ?value . FILTER(!({good}))")


def _pattern(path: str, value, shape: "_Shape") -> str:
    flags = shape.value(SH.flags)
    arguments = _term(Literal(str(value))) + (f", {_term(Literal(str(flags)))}" if flags else "")
    return _alone("?focus ?value", f"?focus {path} ?value . FILTER(isBlank(?value) || !REGEX(STR(?value), {arguments}))")


def _class(path: str, value, shape: "_Shape") -> str:
    return _alone("?focus ?value", f"?focus {path} ?value . MINUS {{ ?value {shape.type_of} {_term(value)} }}")


def _bound(operator: str) -> Callable[[str, object, "_Shape"], str]:
    def compile_bound(path: str, value, shape: "_Shape") -> str:
        return _alone("?focus ?value", f"?focus {path} ?value . FILTER(!COALESCE(?value {operator} {_term(value)}, false))")
    return compile_bound


def _in(path: str, value, shape: "_Shape") -> str:
    members = ", ".join(_term(m) for m in Collection(shape.graph, value))
    return _alone("?focus ?value", f"?focus {path} ?value . FILTER(?value NOT IN ({members}))")


# SHACL constraint component -> (how its violations are found, the default message).
COMPONENTS: dict[URIRef, tuple[Callable[[str, object, "_Shape"], str], str]] = {
    SH.minCount: (_min_count, "fewer than {value} values of {path}"),
    SH.maxCount: (_max_count, "more than {value} values of {path}"),
    SH.datatype: (_datatype, "a value of {path} is not a well-formed {value}"),
    SH.pattern: (_pattern, "a value of {path} does not match {value}"),
    SH["class"]: (_class, "a value of {path} is not a {value}"),
    SH.minInclusive: (_bound(">="), "a value of {path} is below {value}"),
    SH.maxInclusive: (_bound("<="), "a value of {path} is above {value}"),
    SH.minExclusive: (_bound(">"), "a value of {path} is not above {value}"),
    SH.maxExclusive: (_bound("<"), "a value of {path} is not below {value}"),
    SH["in"]: (_in, "a value of {path} is not one of the values allowed"),
}
NODE_MESSAGE = "a value of {path} does not conform to {value}"
_NODES: dict[str, object] = {}  # node shapes named by sh:node, by their string form


@dataclass(frozen=True)
class _Shape:
    graph: Graph
    node: object
    type_of: str

    def value(self, predicate):
        return self.graph.value(self.node, predicate)


def compile_shapes(graph: Graph, subclasses: bool = True) -> tuple[Check, ...]:
    """One ``Check`` per constraint of every targeted node shape, in a stable order.

    ``subclasses=False`` reads class membership as ``rdf:type`` alone, for a
    data graph that has no ``rdfs:subClassOf`` (the same answers, faster).
    """
    type_of = TYPE_OF if subclasses else PLAIN_TYPE
    checks: list[Check] = []
    for node_shape in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        for unknown in (SH.targetNode, SH.targetObjectsOf):
            if graph.value(node_shape, unknown) is not None:
                raise ShapeCompileError(f"shape {node_shape}: {unknown} is not compiled")
        targets = [f"?focus {type_of} {_term(c)} ." for c in sorted(graph.objects(node_shape, SH.targetClass))]
        targets += [f"?focus {_term(p)} [] ." for p in sorted(graph.objects(node_shape, SH.targetSubjectsOf))]
        for target in targets:
            checks.extend(_shape_checks(graph, node_shape, target, type_of))
    return _share_inner_checks(graph, checks, type_of)


def _share_inner_checks(graph: Graph, checks: list[Check], type_of: str) -> tuple[Check, ...]:
    """Give every sh:node check of one shape and path the same inner checks, over all their values.

    Selectors hang off citations, mentions and pursuances alike: their checks
    run once over every selector, not once per kind of owner. Their target is
    every value of the path, whatever holds it; the few values that break a
    check are then kept where their ?owner is of a kind the shapes name
    (``Check.owners``). Gathering those owners for a join took twice the time
    and memory: for the selectors of 5,000 documents, 1.4 s and 289 MB against
    0.7 s and 141 MB.
    """
    owners: dict[tuple[str, str], list[str]] = {}
    for check in checks:
        if check.node:
            owners.setdefault((check.node, check.path), []).append(check.target.replace("?focus", "?owner"))
    shared = {}
    for (node, path), patterns in owners.items():
        any_owner = " UNION ".join(f"{{ {p} }}" for p in patterns)
        values = f"?owner {_term(URIRef(path))} ?focus ."
        shared[node, path] = tuple(replace(c, owners=any_owner) for c in _shape_checks(graph, _NODES[node], values, type_of))
    return tuple(replace(c, inner=shared[c.node, c.path]) if c.node else c for c in checks)


def _shape_checks(graph: Graph, node_shape, target: str, type_of: str) -> list[Check]:
    """The checks of one node shape on the focus nodes ``target`` (a pattern binding ?focus) selects."""
    for unknown in sorted(set(graph.predicates(node_shape)) - NOT_CONSTRAINTS, key=str):
        raise ShapeCompileError(f"shape {node_shape}: {unknown} on a node shape is not compiled")
    checks = []
    for prop in sorted(graph.objects(node_shape, SH.property), key=lambda p: _sort_key(graph, p)):
        shape = _Shape(graph, prop, type_of)
        path = shape.value(SH.path)
        if not isinstance(path, URIRef):
            raise ShapeCompileError(f"shape {node_shape}: only predicate paths are compiled, not {path!r}")
        severity = SEVERITIES.get(str(shape.value(SH.severity) or SH.Violation), "violation")
        message = shape.value(SH.message)
        for component, value in sorted(graph.predicate_objects(prop), key=lambda pv: (str(pv[0]), str(pv[1]))):
            if component in NOT_CONSTRAINTS or component == SH.flags:
                continue
            if component == SH.node:
                # The values are the focus nodes of the inner shape's checks (made by _share_inner_checks).
                text = str(message) if message is not None else NODE_MESSAGE.format(path=_term(path), value=_label(value))
                _NODES[str(value)] = value
                checks.append(Check(severity, str(path), text, target, f"?focus {_term(path)} ?value .", node=str(value)))
                continue
            if component not in COMPONENTS:
                raise ShapeCompileError(f"shape {node_shape}, path {path}: {component} is not compiled")
            pattern, default = COMPONENTS[component]
            text = str(message) if message is not None else default.format(path=_term(path), value=_label(value))
            where = pattern(_term(path), value, shape)
            checks.append(Check(severity, str(path), text, target, where, follows=component == SH["class"]))
    return checks


def _sort_key(graph: Graph, prop) -> str:
    """Property shapes are blank nodes: ordered by what they say, not by their random ids."""
    return " ".join(sorted(f"{p} {o}" for p, o in graph.predicate_objects(prop) if not isinstance(o, BNode)))


@lru_cache(maxsize=2)
def compiled(subclasses: bool) -> tuple[Check, ...]:
    return compile_shapes(shapes(), subclasses)


def validate_store(store, threads: int = 2, foci: Iterable[str] | None = None) -> ValidationReport:
    """Check the store's default graph (the union of its named graphs) against the shapes.

    One result per focus node and offending value, as pySHACL reports them.
    The queries run ``threads`` at a time: the store lets go of the
    interpreter while it answers one, and the results do not depend on the order.
    With ``foci`` (IRIs), only those focus nodes are checked, and the report
    holds their results alone (``kg.recheck``).
    """
    subclasses = bool(store._store.query(HAS_SUBCLASSES))
    checks = compiled(subclasses)
    plain = [c for c in checks if not c.node]
    pieces = focus_values(foci)
    results: list[ValidationResult] = []
    with ThreadPoolExecutor(max(1, threads)) as pool:
        asked: dict[str, Future] = {}

        def ask(text: str) -> Future:
            """The store's answer to ``text``, asked once however many checks read it: the
            checks that read values are run without their target, so shapes of several
            targets (a citation's kg:quote and a statement of pursuance's) give the same query."""
            if text not in asked:
                asked[text] = pool.submit(store.select, text)
            return asked[text]

        # every query is under way before the first answer is read
        found = _run_together(ask, store, plain, pieces)
        inner = {}  # inner checks run once, however many owners
        for check in checks:
            key = check.node + " " + check.path
            if check.node and key not in inner:
                inner[key] = (check.inner, _run_together(ask, store, list(check.inner), pieces))
        explained: dict[str, set] = {}
        for key, (inner_checks, rows_of) in inner.items():
            explained[key] = set()
            for inner_check, bad in zip(inner_checks, rows_of()):
                explained[key].update(r["focus"] for r in bad)
                # as pySHACL does, the outer results come with the inner ones that explain them
                results.extend(ValidationResult(inner_check.severity, str(r["focus"]), inner_check.path, inner_check.message)
                               for r in bad)
        plain_rows = dict(zip(map(id, plain), found()))
    for check in checks:
        if check.node:
            failing = explained[check.node + " " + check.path]
            rows = [row for piece in pieces for row in store.select(check.sparql.replace(FOCI, piece))[1]
                    if row["value"] in failing] if failing else []
        else:
            rows = plain_rows[id(check)]
        results.extend(ValidationResult(check.severity, str(row["focus"]), check.path, check.message) for row in rows)
    return report_of(results)


def report_of(results: Iterable[ValidationResult]) -> ValidationReport:
    """The report of ``results``, in the order every report keeps."""
    ordered = sorted(results, key=lambda r: (r.severity, r.focus, r.path or "", r.message))
    return ValidationReport(conforms=not any(r.severity == "violation" for r in ordered), results=tuple(ordered))


def focus_values(foci: Iterable[str] | None) -> list[str]:
    """What fills ``FOCI`` in each run: ``VALUES`` blocks of the focus nodes, or nothing (one
    run over the whole store) when ``foci`` is None."""
    return [""] if foci is None else values_blocks("?focus", foci)


def _run_together(ask: Callable[[str], Future], store, checks: list[Check], pieces: list[str]) -> Callable[[], list[list[dict]]]:
    """Start the queries of ``checks`` with ``ask``, one per check and piece of ``focus_values``;
    the returned call gives the rows of each check.

    The checks that read values find the values that break them over the
    whole store, without the target; then only the focus nodes found are
    tested against it (``_in_target``), once for all the checks of one
    target. Gathering the target for the join cost most of the time for the
    selectors of every citation, mention and pursuance, and a per-row test
    written in the same query is moved by the store's optimizer to before the
    checks. A check that only tests ?focus (a minimum count: it opens with
    MINUS or OPTIONAL, see ``_min_count``) needs the target's focus nodes: its
    query carries the target, and over some focus nodes the target's plain
    patterns, which test them one at a time. Where the target is looser than
    the focus nodes (``Check.owners``), the owners found are tested.

    A query's tables are held until it ends: the checks of one target as
    branches of one UNION held them all at once. At 5,000 documents the checks
    took 919 MB at most that way and 550 MB one query each, in the same time.
    """
    by_target: dict[str, list[int]] = {}
    for index, check in enumerate(checks):
        by_target.setdefault(check.target, []).append(index)
    answers = []  # (what the rows must pass: variable and pattern, or None; [(check, rows to come)])
    for target, indexes in by_target.items():
        first = checks[indexes[0]]
        for piece in pieces:
            # over some focus nodes, the exact target tests them; over the whole store, a
            # loose target's owners come with the rows, to be tested after
            scope = f"{FOCI}{first.tested}" if piece else target
            loose = bool(first.owners) and not piece
            reading, counting = [], []
            for index in indexes:
                where = checks[index].where
                if where.startswith(("MINUS", "OPTIONAL")):
                    text = f"SELECT DISTINCT ?focus ?value{' ?owner' if loose else ''} WHERE {{ {scope} {where} }}"
                    counting.append((index, ask(text.replace(FOCI, piece))))
                else:
                    text = f"SELECT DISTINCT ?focus ?value WHERE {{ {where} }}"
                    reading.append((index, ask(text.replace(FOCI, piece))))
            if reading:
                answers.append((("focus", first.tested), reading))
            if counting:
                answers.append((("owner", first.owners) if loose else None, counting))

    def rows() -> list[list[dict]]:
        by_check: list[list[dict]] = [[] for _ in checks]
        for test, found in answers:
            found = [(index, answer.result()[1]) for index, answer in found]
            if test is not None:
                variable, pattern = test
                iris = {row[variable] for _, bad in found for row in bad}
                inside = _in_target(store, pattern, variable, iris) if iris else set()
                found = [(index, [row for row in bad if row[variable] in inside]) for index, bad in found]
            for index, bad in found:  # a value that several owners hold, once
                pairs = dict.fromkeys((row["focus"], row["value"]) for row in bad)
                by_check[index].extend({"focus": focus, "value": value} for focus, value in pairs)
        return by_check
    return rows


def _in_target(store, pattern: str, variable: str, iris: set[str]) -> set[str]:
    """The ``iris`` that the plain patterns ``pattern`` select as ``variable``, a subject there
    (an IRI: the build writes no blank nodes)."""
    return {row[variable] for piece in values_blocks(f"?{variable}", iris)
            for row in store.rows(f"SELECT DISTINCT ?{variable} WHERE {{ {piece}{pattern} }}")}
