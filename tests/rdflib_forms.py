"""What rdflib's own serialisers give: the forms the project's writers must match."""
from __future__ import annotations

import json

from rdflib import Graph

from kg.vocab import bind_prefixes


def rdflib_jsonld(graph: Graph, minter) -> str:
    """rdflib's JSON-LD of ``graph`` with the project's prefixes as context, every list sorted
    by the JSON of its items and every key sorted: what ``kg.export.jsonld`` writes."""
    bind_prefixes(graph, minter)
    context = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_by_json(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _by_json(value):
    if isinstance(value, dict):
        return {key: _by_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_by_json(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value
