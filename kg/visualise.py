"""Interactive HTML views of the graph: citations, series, actors and mandates.

A view is built in two steps. A builder asks the graph (through any ``select``
callable that runs a SPARQL SELECT and returns rows of plain strings) for what it
shows and returns a frozen ``View``; ``write_html`` then draws any view with pyvis
into one self-contained HTML file that works offline. The builders live in
``kg.views.<name>``, the page in ``kg.views.page``; this module is the public face.

Everything that comes from a document reaches the page either escaped in markup
or inside JSON that cannot close a script; tooltips become DOM text nodes in the
browser, never HTML.

>>> write_view(select, "series", "series.html", lang="fr", focus="A/HRC/RES/57/12")  # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kg.views.actors import actors_view
from kg.views.citations import NO_PARAGRAPH, TOOLTIP_PARAGRAPHS, citation_view
from kg.views.graph import Select
from kg.views.layout import layered_layout, neighbourhood
from kg.views.mandates import mandates_view
from kg.views.model import Kind, Layered, View, ViewEdge, ViewNode, kind_of, kinds
from kg.views.page import LAYOUT_THRESHOLD, UNDOCS, render_html, script_json, strip_remote_resources, write_html
from kg.views.series import series_view
from kg.views.text import EXCERPT_CHARS, excerpt, pick_language, squash, symbol_key

__all__ = [
    "EXCERPT_CHARS", "LAYOUT_THRESHOLD", "NO_PARAGRAPH", "TOOLTIP_PARAGRAPHS", "UNDOCS", "VIEWS",
    "Kind", "Layered", "View", "ViewEdge", "ViewNode",
    "actors_view", "build_view", "citation_view", "excerpt", "kind_of", "kinds", "layered_layout",
    "mandates_view", "neighbourhood", "pick_language", "render_html", "script_json", "series_view",
    "squash", "strip_remote_resources", "symbol_key", "write_citation_html", "write_html", "write_view",
]

# The views ``kg viz --view NAME`` draws, by name.
VIEWS: dict[str, Callable[..., View]] = {
    "citations": citation_view,
    "series": series_view,
    "actors": actors_view,
    "mandates": mandates_view,
}


def build_view(select: Select, view_name: str, lang: str = "en", focus: str | None = None,
               depth: int | None = None) -> View:
    """The view called ``view_name`` (one of ``VIEWS``) of the graph behind ``select``."""
    try:
        builder = VIEWS[view_name]
    except KeyError:
        raise ValueError(f"unknown view {view_name!r}: choose one of {', '.join(VIEWS)}") from None
    return builder(select, lang=lang, focus=focus, depth=depth)


def write_view(select: Select, view_name: str, out_path: str | Path, lang: str = "en",
               focus: str | None = None, depth: int | None = None) -> Path:
    """Build the view ``view_name`` and write it as one offline HTML page; return its path.

    This is ``kg viz --view NAME [--focus SYMBOL] [--depth N] [--lang xx] --out FILE.html``.
    A bad view name, focus or depth raises ValueError with a message for the user.
    """
    return write_html(build_view(select, view_name, lang=lang, focus=focus, depth=depth), out_path)


def write_citation_html(select: Select, out_path: str | Path, lang: str = "en",
                        focus: str | None = None, depth: int | None = None) -> Path:
    """Build the citation view and write it as HTML (``kg viz --out FILE.html``)."""
    return write_view(select, "citations", out_path, lang=lang, focus=focus, depth=depth)
