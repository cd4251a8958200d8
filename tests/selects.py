"""A ``select`` callable over an rdflib graph, for view tests that build their graph by hand."""
from rdflib import Graph


def rdflib_select(graph: Graph):
    """Run SPARQL SELECTs on ``graph``: rows of plain strings (None when unbound)."""
    def select(query: str) -> list[dict]:
        result = graph.query(query)
        names = [str(var) for var in result.vars]
        return [{name: None if row[i] is None else str(row[i]) for i, name in enumerate(names)}
                for row in result]
    return select
