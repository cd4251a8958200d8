"""The query library as test cases: every query with its defaults, and with parameters beyond them.

Shared by the tests that run the library on a SPARQL server and compare the
rows with the embedded store's (Oxigraph loaded or pushed to, Virtuoso).
"""
from kg import query

# Parameters beyond the defaults, so that binding is exercised on the server too.
GIVEN = {
    "cites": [{"symbol": "A/RES/80/17"}],
    "cites-transitive": [{"symbol": "A/RES/80/4"}],
    "cited-by": [{"symbol": "A/HRC/RES/5/1"}],
    "lineage": [{"symbol": "A/RES/80/17", "lang": "fr"}, {"symbol": "A/HRC/RES/45/7"}],
    "actions": [{"symbol": "A/HRC/RES/57/12", "lang": "zh"}, {"addressee": "ohchr", "action": "requests"}],
    "mandates": [{"addressee": "ohchr"}],
    "mandate-status": [{"session": "64"}],
    "mentions": [{"concept": "upr", "lang": "ru"}],
    "mentions-by-year": [{"concept": "ohchr"}],
    "most-cited": [{"body": "HRC"}],
    "citation-evidence": [{"symbol": "A/RES/80/17", "cited": "A/RES/79/16"}],
    "titles": [{"symbol": "A/RES/80/205"}],
    "documents": [{"session": "57"}, {"body": "HRC", "kind": "Decision", "lang": "zh"}],
    "paragraphs": [{"symbol": "A/RES/80/10", "lang": "en"}],
    "actor-action": [{"lang": "es"}],
}
CASES = [(q.name, given) for q in query.library() for given in [{}] + GIVEN.get(q.name, [])]
CASE_IDS = [f"{n}{'-' + '-'.join(g.values()) if g else ''}" for n, g in CASES]


def quiet(message):
    """A warn callback that keeps the test output clean."""
