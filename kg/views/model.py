"""What a page shows: frozen nodes, edges and kinds, independent of any drawing library.

A view builder (``kg.views.citations`` and its siblings) returns a ``View``; the page
writer (``kg.views.page``) draws it. Everything here is plain text and numbers: a
tooltip is the text a person reads, never markup.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from kg.lexicon import table

# How the kinds table marks a row that is not a document (actors, mandates, sessions).
NOT_A_DOCUMENT = "-"


@dataclass(frozen=True)
class Kind:
    """A kind of node and how it is drawn (``kg/data/view_kinds.tsv``).

    ``read`` is True or False for documents (read, or only cited) and None for the
    nodes that are not documents; ``match`` selects the documents of the kind.
    """

    id: str
    read: bool | None
    match: str  # a kg: type local name (read) or a body notation (cited only); "*" for any
    label: str
    colour: str
    shape: str
    glyph: str


@dataclass(frozen=True)
class ViewNode:
    """One node of a view.

    Document nodes are named by their canonical symbol (symbols hold no spaces);
    other nodes by a prefix and a space (``actor <iri>``), so the two never clash.
    ``link`` is the symbol a click opens on undocs.org, ``band`` orders the columns
    of the layered layout (a year, a session, a layer), ``weight`` sizes the node.
    """

    id: str
    label: str
    kind: str
    tooltip: str
    link: str | None = None
    band: int | None = None
    weight: int = 0
    focus: bool = False


@dataclass(frozen=True)
class ViewEdge:
    """One edge: ``label`` is drawn on it, ``tooltip`` shown on hover.

    ``paragraphs`` are the ids of the paragraphs behind it, ``weight`` its width (0: thin),
    ``curve`` the roundness of its arc (0 is straight), ``dashed`` marks links that
    are inferred rather than read (the order of a series).
    """

    source: str
    target: str
    tooltip: str
    label: str = ""
    paragraphs: tuple[str, ...] = ()
    weight: int = 1
    curve: float = 0.0
    dashed: bool = False
    arrow: bool = True


@dataclass(frozen=True)
class Layered:
    """Positions computed before the page is written, in columns by ``ViewNode.band``.

    Steps and gaps are in vis-network canvas units. With ``wrap``, every ``wrap`` bands
    start a new line below, as text does, ``line_gap`` under the tallest band above.
    """

    column_step: int = 220
    row_step: int = 60
    band_gap: int = 160
    wrap: int | None = None
    line_gap: int = 160


@dataclass(frozen=True)
class View:
    """What a page shows: nodes and edges in a fixed order, and the kinds that draw them.

    ``layout`` None lets small graphs settle in the browser and lays out large ones
    here; a ``Layered`` layout is always computed here, physics off. ``edge_key``
    lines explain the edges beside the legend; ``summary`` counts what is shown.
    """

    title: str
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    kinds: tuple[Kind, ...]
    summary: str = ""
    layout: Layered | None = None
    edge_key: tuple[str, ...] = ()


@lru_cache(maxsize=None)
def kinds() -> tuple[Kind, ...]:
    """The node kinds of ``kg/data/view_kinds.tsv``, in legend order."""
    return tuple(
        Kind(row["kind"], None if row["read"] == NOT_A_DOCUMENT else row["read"] == "yes",
             row["match"], row["label"], row["colour"], row["shape"], row["glyph"])
        for row in table("view_kinds")
    )


def kind(kind_id: str) -> Kind:
    """The kind with this id; an unknown id is an error naming the table."""
    for candidate in kinds():
        if candidate.id == kind_id:
            return candidate
    raise LookupError(f"kg/data/view_kinds.tsv: no kind {kind_id!r}; add a row for it")


def kind_of(types: Iterable[str], body: str | None, read: bool) -> str:
    """The kind id of a document from its kg: type local names, its body notation and
    whether it was read.

    >>> kind_of({"Resolution"}, "HRC", read=True), kind_of({"Resolution"}, "GA", read=False)
    ('resolution', 'cited-ga')
    """
    wanted = set(types) if read else {body}
    for candidate in kinds():
        if candidate.read is read and (candidate.match == "*" or candidate.match in wanted):
            return candidate.id
    raise LookupError(f"kg/data/view_kinds.tsv: no '*' row for read={read}; add one")
