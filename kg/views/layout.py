"""Where nodes go: neighbourhoods around a focus, and positions computed before the page.

Pure Python and deterministic: no numpy, no randomness. vis-network's physics takes
minutes to settle on thousands of nodes, so large views arrive with positions.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable

from kg.views.model import Layered, View
from kg.views.text import symbol_key

# Bands of nodes without one come first.
NO_BAND = -(10 ** 9)


def neighbourhood(pairs: Iterable[tuple[str, str]], focus: str, depth: int | None) -> set[str]:
    """The nodes at most ``depth`` hops from ``focus`` (None: any number), following
    pairs in either direction.

    >>> sorted(neighbourhood([("a", "b"), ("b", "c"), ("d", "a")], "a", 1))
    ['a', 'b', 'd']
    >>> sorted(neighbourhood([("a", "b"), ("b", "c")], "a", None))
    ['a', 'b', 'c']
    """
    around: dict[str, set[str]] = defaultdict(set)
    for one, other in pairs:
        around[one].add(other)
        around[other].add(one)
    seen, frontier, hops = {focus}, {focus}, 0
    while frontier and (depth is None or hops < depth):
        frontier = {near for node in frontier for near in around[node]} - seen
        seen |= frontier
        hops += 1
    return seen


def layered_layout(view: View, spacing: Layered | None = None) -> dict[str, tuple[int, int]]:
    """Positions in bands of columns, left to right by ``ViewNode.band`` (nodes without a
    band first), each band ordered so that a node sits near the mean height of the
    earlier nodes it is linked to; with ``Layered.wrap``, in lines of bands, top to
    bottom. Linear in the size of the view.
    """
    spacing = spacing or view.layout or Layered()
    around: dict[str, list[str]] = defaultdict(list)
    for edge in view.edges:
        around[edge.source].append(edge.target)
        around[edge.target].append(edge.source)
    bands: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes:
        bands[NO_BAND if node.band is None else node.band].append(node.id)
    # Columns are further apart than rows; this many rows makes the whole roughly square.
    rows = max(10, round(math.sqrt(len(view.nodes) * spacing.column_step / spacing.row_step)))
    order = sorted(bands)
    tops = _line_tops([min(rows, len(bands[band])) for band in order], spacing)
    heights: dict[str, float] = {}
    positions: dict[str, tuple[int, int]] = {}
    left = 0
    for number, band in enumerate(order):
        if spacing.wrap and number and number % spacing.wrap == 0:
            left = 0
        ids = sorted(bands[band], key=lambda node: (_barycentre(around[node], heights), symbol_key(node)))
        height = min(rows, len(ids))
        for index, node in enumerate(ids):
            column, row = divmod(index, height)
            positions[node] = (left + column * spacing.column_step,
                               tops[number] + round((row - (height - 1) / 2) * spacing.row_step))
        for node in ids:
            heights[node] = positions[node][1]
        left += math.ceil(len(ids) / height) * spacing.column_step + spacing.band_gap
    return positions


def _line_tops(heights: list[int], spacing: Layered) -> list[int]:
    """The vertical centre of each band: 0, unless bands wrap into lines, each line
    ``line_gap`` below the tallest band of the line above."""
    if not spacing.wrap:
        return [0] * len(heights)
    lines = [max(heights[start:start + spacing.wrap]) for start in range(0, len(heights), spacing.wrap)]
    centres, centre = [], 0
    for index, rows in enumerate(lines):
        if index:
            centre += round(((lines[index - 1] - 1) / 2 + (rows - 1) / 2) * spacing.row_step) + spacing.line_gap
        centres.append(centre)
    return [centres[number // spacing.wrap] for number in range(len(heights))]


def _barycentre(neighbours: list[str], heights: dict[str, float]) -> float:
    """The mean height of the neighbours already placed; infinity if none is."""
    placed = [heights[near] for near in neighbours if near in heights]
    return sum(placed) / len(placed) if placed else math.inf
