"""The analyse stage: the citation network and the actor-by-action matrix, with networkx.

Each analysis reads the graph through a ``select`` callable (SPARQL SELECT text
in, rows out) and runs the library's queries with it, so it works alike on the
embedded store and on a SPARQL endpoint::

    select = store_select("kg-out")            # or endpoint_select("http://host/query")
    columns, rows = analyse(select, "lineage", symbol="A/HRC/RES/57/12")
    print(kg.query.render(columns, rows, "table"))

Analyses (``ANALYSES``): ``lineage`` (a series as an ordered chain), ``most-cited``
(citing documents per document), ``central`` (PageRank over the citation
network), ``clusters`` (connected components or modularity communities) and
``actors`` (the addressee-by-action matrix). Rows are dicts of ints, floats,
strings and None, in a fixed order, ready for ``kg.query.render``.
"""
from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from kg import query

Select = Callable[[str], list[dict]]
PAGERANK_DIGITS = 6  # PageRank is rounded so that the rows are the same on every machine
CLUSTER_METHODS = ("components", "communities")


class AnalysisError(query.QueryError):
    """An analysis that does not exist or was asked for with a wrong value."""


def store_select(folder: str | Path) -> Select:
    """Run SELECTs on the embedded store in ``folder`` (a build folder)."""
    from kg.store import Store

    return Store.open(folder, read_only=True).rows


def endpoint_select(endpoint: str, timeout: float = query.DEFAULT_TIMEOUT,
                    user: str | None = None, password: str | None = None) -> Select:
    """Run SELECTs on a SPARQL endpoint (see ``kg.query.run_remote`` for the graph it must hold)."""
    return lambda sparql: query.select_remote(endpoint, sparql, timeout, user, password)[1]


def _run(select: Select, name: str, **given) -> list[dict]:
    """The rows of a library query, its parameters bound as ``kg.query`` binds them."""
    named = query.find(name)
    values = {key: str(value) for key, value in given.items()}
    return select(query.bound_text(named, values, warn=lambda message: None))


# --- the citation network ---------------------------------------------------------


def citation_graph(select: Select) -> nx.DiGraph:
    """Documents as nodes (symbol, with kind, body, session, date, read), citations as
    edges from the citing to the cited document, weighted by the places that make them."""
    graph = nx.DiGraph()
    for row in _run(select, "documents"):
        graph.add_node(row["symbol"], kind=row["kind"], body=row["body"] or None,
                       session=row["session"] if isinstance(row["session"], int) else None,
                       date=row["date"], read=row["read"] == "true")
    for row in _run(select, "citation-network"):
        for symbol in (row["citing"], row["cited"]):
            if symbol not in graph:
                graph.add_node(symbol, kind=None, body=None, session=None, date=None, read=False)
        graph.add_edge(row["citing"], row["cited"], weight=row["citations"])
    return graph


def most_cited(select: Select) -> tuple[list[str], list[dict]]:
    """Documents ranked by the documents that cite them (in-degree), then by the places citing them."""
    graph = citation_graph(select)
    rows = [
        {"symbol": node, "cited_by": graph.in_degree(node),
         "citations": int(graph.in_degree(node, weight="weight")), "cites": graph.out_degree(node),
         "read": _flag(graph.nodes[node]["read"])}
        for node in graph if graph.in_degree(node)
    ]
    rows.sort(key=lambda r: (-r["cited_by"], -r["citations"], r["symbol"]))
    return _ranked(["symbol", "cited_by", "citations", "cites", "read"], rows)


def central(select: Select) -> tuple[list[str], list[dict]]:
    """Documents ranked by PageRank over the citation network: cited by documents that are cited."""
    graph = citation_graph(select)
    if graph.number_of_nodes() == 0:
        return _ranked(["symbol", "pagerank", "cited_by", "cites", "read"], [])
    scores = nx.pagerank(graph, alpha=0.85, weight=None)
    rows = [
        {"symbol": node, "pagerank": round(scores[node], PAGERANK_DIGITS), "cited_by": graph.in_degree(node),
         "cites": graph.out_degree(node), "read": _flag(graph.nodes[node]["read"])}
        for node in graph
    ]
    rows.sort(key=lambda r: (-r["pagerank"], -r["cited_by"], r["symbol"]))
    return _ranked(["symbol", "pagerank", "cited_by", "cites", "read"], rows)


def clusters(select: Select, method: str = "components") -> tuple[list[str], list[dict]]:
    """Groups of documents tied by citations, one row per document; the method is components or
    communities.

    ``components``: documents joined by any chain of citations, whichever way;
    ``communities``: the groups that maximise modularity (Clauset-Newman-Moore),
    which splits a component where few citations hold it together. Cluster 1 is
    the largest.
    """
    if method not in CLUSTER_METHODS:
        raise AnalysisError(f"no clustering method {method!r}: use one of {', '.join(CLUSTER_METHODS)}")
    graph = citation_graph(select)
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(graph))
    undirected.add_edges_from(sorted(graph.edges()))
    if method == "components":
        groups = [set(c) for c in nx.connected_components(undirected)]
    else:
        groups = [set(c) for c in nx.community.greedy_modularity_communities(undirected)] if undirected.number_of_edges() else [{n} for n in undirected]
    groups.sort(key=lambda g: (-len(g), min(g)))
    rows = [
        {"cluster": number, "size": len(group), "symbol": symbol, "read": _flag(graph.nodes[symbol]["read"]),
         "degree": undirected.degree(symbol)}
        for number, group in enumerate(groups, start=1) for symbol in sorted(group)
    ]
    return ["cluster", "size", "symbol", "read", "degree"], rows


# --- series -------------------------------------------------------------------------


def lineage(select: Select, symbol: str = "A/HRC/RES/57/12", lang: str = "en") -> tuple[list[str], list[dict]]:
    """A series as a chain: its members oldest first, each with how many earlier members
    it recalls and how many later ones recall it.

    The order follows the citations (a text comes after what it recalls) and, between
    texts that do not cite one another, their session, date and symbol.
    """
    members = _run(select, "lineage", symbol=symbol, lang=lang)
    graph = nx.DiGraph()
    for row in members:
        graph.add_node(row["document"], **row)
    for row in members:
        if row["read"] == "true":
            for cited in _run(select, "cites-transitive", symbol=row["document"]):
                if cited["depth"] == 1 and cited["cited"] in graph:
                    graph.add_edge(cited["cited"], row["document"])  # from the recalled to the recalling

    def order(node):
        data = graph.nodes[node]
        session = data["session"] if isinstance(data["session"], int) else None
        return (session is None, session or 0, data["date"] or "", node)

    try:
        chain = list(nx.lexicographical_topological_sort(graph, key=order))
    except nx.NetworkXUnfeasible:  # texts that recall each other: fall back to their dates
        chain = sorted(graph, key=order)
    columns = ["position", "document", "session", "date", "title", "read", "recalls", "recalled_by"]
    rows = []
    for position, node in enumerate(chain, start=1):
        data = graph.nodes[node]
        rows.append({"position": position, "document": node, "session": data["session"], "date": data["date"],
                     "title": data["title"], "read": data["read"],
                     "recalls": graph.in_degree(node), "recalled_by": graph.out_degree(node)})
    return columns, rows


# --- who is asked to do what ----------------------------------------------------------


def actor_action(select: Select, lang: str = "en") -> tuple[list[str], list[dict]]:
    """The addressee-by-action matrix: one row per addressee, one column per action,
    each cell the number of paragraphs that ask that addressee with that verb."""
    counts = _run(select, "actor-action", lang=lang)
    actions = sorted({r["action"] for r in counts})
    matrix: dict[str, dict] = {}
    for r in counts:
        row = matrix.setdefault(r["addressee"], {"addressee": r["addressee"], "label": r["addressee_label"],
                                                 **{a: 0 for a in actions}, "total": 0})
        row[r["action"]] += r["paragraphs"]
        row["total"] += r["paragraphs"]
    rows = sorted(matrix.values(), key=lambda r: (-r["total"], r["addressee"]))
    return ["addressee", "label", *actions, "total"], rows


# --- one entry point --------------------------------------------------------------------

ANALYSES: dict[str, Callable[..., tuple[list[str], list[dict]]]] = {
    "lineage": lineage,
    "most-cited": most_cited,
    "central": central,
    "clusters": clusters,
    "actors": actor_action,
}


def analyse(select: Select, what: str, warn: Callable[[str], None] | None = None,
            **params: str) -> tuple[list[str], list[dict]]:
    """Run the analysis ``what`` with its parameters; one it does not take is ignored with a warning.

    >>> sorted(ANALYSES)
    ['actors', 'central', 'clusters', 'lineage', 'most-cited']
    """
    warn = warn or (lambda message: print(message, file=sys.stderr))
    if what not in ANALYSES:
        raise AnalysisError(f"no analysis named {what!r}; there are: {', '.join(sorted(ANALYSES))}")
    function = ANALYSES[what]
    accepted = taken(function)
    for name in sorted(set(params) - set(accepted)):
        warn(f"warning: analysis {what!r} has no parameter {name!r}; ignored")
    return function(select, **{name: value for name, value in params.items() if name in accepted})


def taken(function: Callable[..., tuple[list[str], list[dict]]]) -> dict[str, object]:
    """The parameters an analysis of ``ANALYSES`` takes besides ``select``, with their defaults."""
    return {name: parameter.default for name, parameter in inspect.signature(function).parameters.items()
            if name != "select"}


def _flag(value: bool) -> str:
    """A yes/no cell written as the queries write it: "true" or "false"."""
    return "true" if value else "false"


def _ranked(columns: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
    """Rows with their rank in front: 1 for the first."""
    return ["rank", *columns], [{"rank": number, **row} for number, row in enumerate(rows, start=1)]
