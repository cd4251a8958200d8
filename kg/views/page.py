"""One self-contained HTML page for any ``View``, drawn by pyvis, that works offline.

Every view goes through ``render_html``: one path for escaping, for removing what
would load from the network, and for deterministic bytes.

- vis-network is inlined (pyvis's ``cdn_resources="in_line"``) and the CDN tags pyvis
  still writes are cut out.
- Text from documents reaches the page escaped in markup (``html.escape``) or inside
  JSON that cannot close a script (jinja's ``tojson``, ``script_json``); tooltips
  become DOM text nodes in the browser, never HTML.
- Nodes are handed to pyvis in bulk (its ``add_node`` checks a list for duplicates,
  which is quadratic); large or ordered views arrive with positions, physics off.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from kg.lexicon import DATA_DIR
from kg.views.layout import layered_layout
from kg.views.model import Kind, View, ViewEdge, ViewNode

UNDOCS = "https://undocs.org/"

# Above this many nodes vis-network's physics takes minutes to settle in a browser,
# so positions are computed here and physics stays off.
LAYOUT_THRESHOLD = 300
# Stabilisation steps for small graphs; physics is switched off once they are done.
STABILISATION_ITERATIONS = 200
# How the focus of a view stands out.
FOCUS_BORDER = "#ffb300"

# pyvis keeps <script src> / <link href> tags that point at a CDN even when it inlines
# vis-network; the page must work offline, so they are cut from the written file.
# Where an HTML comment or a script element starts, whichever comes first (pyvis's template
# has commented-out tags that would load vis from node_modules, and scripts may hold "<!--");
# each ends at the first COMMENT_END or SCRIPT_END after it. Found by a search of its own, the
# end is looked for where "-->" or "</" is, not tried at every character of the script that
# holds the whole graph.
COMMENT_OR_SCRIPT = re.compile(r"(?P<comment><!--)|<script\b(?P<attributes>[^>]*)>", re.I)
COMMENT_END = "-->"
SCRIPT_END = re.compile(r"</script\s*>", re.I)
REMOTE_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
LINK_ELEMENT = re.compile(r"<link\b[^>]*>", re.I | re.S)
EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*", re.I)
# What must never appear in our own inline script or style: it would end the element early.
ELEMENT_END = re.compile(r"</(?:script|style)|<!--", re.I)

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
CONFIG_MARK = "KG_CONFIG"


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A page asset from ``kg/data`` (``view_page.js``, ``view_page.css``), checked to be
    safe to inline."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    if ELEMENT_END.search(text):
        raise ValueError(f"{DATA_DIR / name}: holds '</script', '</style' or '<!--', which would end "
                         "the inline element early; rewrite that part")
    return text


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: ``<``, ``>``, ``&``, U+2028 and U+2029
    are written as ``\\u`` escapes, so no string can end the script early.

    >>> script_json({"t": "</script>"})
    '{"t":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_ESCAPES[match.group()], text)


def strip_remote_resources(page: str) -> str:
    """``page`` without <script src=...> and <link href=...> elements that load from the
    network, and without HTML comments.

    Inline scripts are kept byte for byte: only their opening tags are looked at.
    """
    pieces, last = [], 0
    for start, end, attributes in _comments_and_scripts(page):
        pieces.append(LINK_ELEMENT.sub(_drop_remote, page[last:start]))
        if attributes is not None and not REMOTE_ATTRIBUTE.search(attributes):
            pieces.append(page[start:end])
        last = end
    pieces.append(LINK_ELEMENT.sub(_drop_remote, page[last:]))
    return "".join(pieces)


def _comments_and_scripts(page: str) -> Iterator[tuple[int, int, str | None]]:
    """Each comment (attributes None) and script element of ``page``, in order: where it starts
    and ends, and the script's attributes. An opening without its end is no element.

    >>> list(_comments_and_scripts('<!-- a --><script src="x"></SCRIPT ><!-- b'))
    [(0, 10, None), (10, 36, ' src="x"')]
    """
    at = 0
    while (opening := COMMENT_OR_SCRIPT.search(page, at)) is not None:
        if opening.group("comment") is not None:
            found = page.find(COMMENT_END, opening.end())
            end = found + len(COMMENT_END) if found >= 0 else None
        else:
            closing = SCRIPT_END.search(page, opening.end())
            end = closing.end() if closing is not None else None
        if end is None:
            at = opening.start() + 1
            continue
        yield opening.start(), end, opening.group("attributes")
        at = end


def _drop_remote(match: re.Match) -> str:
    """The matched tag, or nothing if it loads from the network."""
    return "" if REMOTE_ATTRIBUTE.search(match.group()) else match.group()


# --- what vis-network receives ---------------------------------------------------


def vis_node(node: ViewNode, kind: Kind, position: tuple[int, int] | None) -> dict:
    """A node as vis-network wants it; the tooltip travels as ``tip`` and becomes DOM text."""
    item = {"id": node.id, "label": node.label, "kind": node.kind, "tip": node.tooltip,
            "shape": kind.shape, "color": kind.colour, "value": 1 + node.weight}
    if node.link is not None:
        item["link"] = node.link
    if node.focus:
        item["borderWidth"] = 5
        item["color"] = {"background": kind.colour, "border": FOCUS_BORDER,
                         "highlight": {"background": kind.colour, "border": FOCUS_BORDER}}
        item["font"] = {"size": 16, "color": "#000000"}
    if position is not None:
        item["x"], item["y"] = position
    return item


def vis_edge(index: int, edge: ViewEdge) -> dict:
    """An edge as vis-network wants it; its width grows with ``weight`` (0: a thin line)."""
    item = {"id": f"e{index}", "from": edge.source, "to": edge.target, "tip": edge.tooltip}
    if edge.weight:
        item["value"] = edge.weight
    if edge.label:
        item["label"] = edge.label
    if edge.curve:
        item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": edge.curve}
    if edge.dashed:
        item["dashes"] = True
    if not edge.arrow:
        item["arrows"] = {"to": {"enabled": False}}
    return item


def vis_options(physics: bool) -> dict:
    """vis-network options: physics that settles and stops for small graphs, none for large."""
    return {
        "layout": {"randomSeed": 7, "improvedLayout": physics},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": STABILISATION_ITERATIONS,
                              "updateInterval": 25, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics},
        "nodes": {"font": {"size": 13}, "scaling": {"min": 8, "max": 32, "label": {"enabled": False}},
                  "widthConstraint": {"maximum": 200}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "width": 1.5,
            "color": {"color": "#9e9e9e", "highlight": "#212121", "hover": "#424242"},
            "font": {"size": 11, "align": "middle", "color": "#424242", "strokeWidth": 3},
            "scaling": {"min": 1, "max": 6, "label": {"enabled": False}},
            "smooth": {"enabled": physics, "type": "continuous"},
        },
    }


# --- the page's own markup -------------------------------------------------------


def _legend(view: View) -> str:
    """The legend, escaped markup: one checkbox per kind present, which also filters."""
    counts = Counter(node.kind for node in view.nodes)
    items = []
    for kind in view.kinds:
        if counts[kind.id]:
            items.append(
                f'<li><label><input type="checkbox" value="{html.escape(kind.id)}" checked> '
                f'<span class="kg-glyph" style="color: {html.escape(kind.colour)}">{html.escape(kind.glyph)}</span> '
                f'{html.escape(kind.label)} ({counts[kind.id]})</label></li>')
    return '<ul id="kg-legend" aria-label="Kinds of node">' + "".join(items) + "</ul>"


def _panel(view: View) -> str:
    """The page's own header: title, search box, legend, edge key and counts."""
    key = "".join(f"<span>{html.escape(line)}</span> " for line in view.edge_key)
    return (
        '<div id="kg-panel">'
        f"<h1>{html.escape(view.title)}</h1>"
        '<form id="kg-search-form" role="search">'
        '<input id="kg-search" type="search" list="kg-choices" placeholder="Symbol or name, e.g. A/HRC/RES/57/12" '
        'aria-label="Find a node by symbol or name" size="32"> <button type="submit">Find</button> '
        '<span id="kg-status" role="status"></span></form>'
        '<datalist id="kg-choices"></datalist>'
        f"{_legend(view)}"
        f'<span id="kg-edge-key">{key.strip()}</span>'
        f'<span id="kg-summary">{html.escape(view.summary)}</span>'
        "</div>"
    )


def _after(page: str, marker: str, *, last: bool = False, start: int = 0) -> int:
    """The offset just after ``marker`` in ``page`` (its first occurrence from ``start``, or its
    last). Fails loudly if pyvis's template no longer has the marker."""
    at = page.rfind(marker) if last else page.find(marker, start)
    if at < 0:
        raise RuntimeError(f"pyvis template has no {marker!r}; the pyvis version is not one this page supports")
    return at + len(marker)


def _finish_page(page: str, view: View, physics: bool) -> str:
    """pyvis's page made offline, titled, and given the panel and the page script."""
    page = EMPTY_HEADING.sub("", strip_remote_resources(page))
    head = f'\n<title>{html.escape(view.title)}</title>\n<style>{asset("view_page.css")}</style>\n'
    script = asset("view_page.js").replace(CONFIG_MARK, script_json({"link": UNDOCS, "physics": physics}), 1)
    insertions = [
        (_after(page, '<meta charset="utf-8">'), head),
        (_after(page, "<body>", start=page.rfind("</head>")), "\n" + _panel(view) + "\n"),
        # In pyvis's own script, right after drawGraph(): a script element of its own could run
        # only after vis-network's first stabilisation has already ended.
        (_after(page, "drawGraph();", last=True), "\n" + script),
    ]
    # Put together once: the page of a large view is tens of millions of characters, and each
    # insertion or strip made one at a time copies all of them (0.15 s at 5,000 documents).
    start, end = 0, len(page)
    while start < end and page[start].isspace():
        start += 1
    while end > start and page[end - 1].isspace():
        end -= 1
    pieces = ["<!DOCTYPE html>\n"]
    for at, text in sorted(insertions):
        pieces += [page[start:at], text]
        start = at
    pieces += [page[start:end], "\n"]
    return "".join(pieces)


def render_html(view: View) -> str:
    """The page of ``view`` as a string (see ``write_html``)."""
    from pyvis.network import Network

    _check_ids(view)
    laid_out = view.layout is not None or len(view.nodes) > LAYOUT_THRESHOLD
    positions = layered_layout(view) if laid_out else {}
    by_id = {kind.id: kind for kind in view.kinds}
    net = Network(height="calc(100vh - 120px)", width="100%", directed=True, cdn_resources="in_line")
    # Handed over in bulk: pyvis's add_node and add_edge check lists for duplicates, which is quadratic.
    net.nodes = [vis_node(node, by_id[node.kind], positions.get(node.id)) for node in view.nodes]
    net.edges = [vis_edge(index, edge) for index, edge in enumerate(view.edges)]
    net.options = vis_options(not laid_out)
    return _finish_page(net.generate_html(), view, not laid_out)


def _check_ids(view: View) -> None:
    """Every node id once, every edge between shown nodes: vis-network would fail in the
    browser, where nobody reads the error."""
    seen: set[str] = set()
    for node in view.nodes:
        if node.id in seen:
            raise ValueError(f"view {view.title!r}: two nodes are named {node.id!r}")
        seen.add(node.id)
    for edge in view.edges:
        if edge.source not in seen or edge.target not in seen:
            raise ValueError(f"view {view.title!r}: edge {edge.source!r} -> {edge.target!r} "
                             "ends at a node the view does not hold")


def write_html(view: View, out_path: str | Path) -> Path:
    """Write ``view`` as one self-contained HTML page that works offline, and return its path.

    Node colour and shape follow the kind (``kg/data/view_kinds.tsv``), with a legend
    whose checkboxes hide and show kinds, a search box for symbols and names, and a
    click on a document opening ``https://undocs.org/<symbol>``. Views with a layout
    of their own, and graphs of more than ``LAYOUT_THRESHOLD`` nodes, are laid out
    here with physics off; smaller ones settle in the browser and then stop. The same
    view gives the same bytes.
    """
    from kg.export import write_atomic  # a killed run leaves the previous page whole

    return write_atomic(out_path, render_html(view))
