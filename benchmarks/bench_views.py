"""Speed of the HTML views on a synthetic graph shaped like ours, side by side in one run.

The graph: read resolutions (one in fifteen documents, as in the shared corpus) whose
paragraphs cite earlier resolutions and a long tail of documents only cited, with
titles in two languages, paragraph words, quotes, verbs, addressees and mandates.
It is loaded into an in-memory Oxigraph store and read through ``kg.store.Store``.

Reported, for the citation view of ``--nodes`` documents (default 10,000):
  - view: the SPARQL answers turned into a ``View`` (not part of the target);
  - write: ``write_html``, the View to the HTML file (target: under 1 s);
  - browser: headless Chromium, offline, from navigation until a frame is drawn with
    the final positions (target: under 10 s);
and, for each of ``--pyvis-nodes`` (default 5,000 and 20,000 nodes), pyvis's
``add_node``/``add_edge`` one by one against the lists handed over in bulk, each followed
by ``generate_html``: one by one grows with the square of the size, bulk linearly.
Screenshots go to ``test-artifacts/bench-<view>.png``.
``--views`` adds the other views of the same graph.

    .venv/bin/python benchmarks/bench_views.py [--nodes 10000] [--pyvis-nodes 5000 20000] [--views]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
SHOTS = REPO / "test-artifacts"

BASE = "https://w3id.org/un-hr-kg/"
KG = BASE + "ontology#"
DCT = "http://purl.org/dc/terms/"
CITO = "http://purl.org/spar/cito/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
ACTORS = ("states", "local-governments", "ohchr", "secretary-general", "un-habitat", "undp", "civil-society",
          "nhri", "academia", "city-networks", "special-procedures", "treaty-bodies")
ACTIONS = ("requests", "encourages", "calls-upon", "invites", "urges", "decides")
WORDS = ("human rights", "local government", "cooperation", "the Council", "implementation", "sustainable",
         "development", "resolution", "report", "States", "capacity-building", "participation")


def iri(path: str) -> str:
    return f"<{BASE}{path}>"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else f"^^<{datatype}>" if datatype else "")


def synthetic_ntriples(nodes: int, seed: int = 7) -> str:
    """N-Triples of ``nodes`` documents: one in fifteen read, each citing about fifteen."""
    rng = random.Random(seed)
    read = max(1, nodes // 15)
    lines = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} <{p}> {o} .")

    for scheme, ids in (("entity", ACTORS), ("action", ACTIONS), ("deliverable", ("report", "panel"))):
        for concept in ids:
            node = iri(f"concept/{scheme}/{concept}")
            add(node, SKOS + "notation", literal(concept))
            add(node, SKOS + "prefLabel", literal(concept.replace("-", " "), "en"))
            add(node, SKOS + "prefLabel", literal(concept.replace("-", " ") + " (fr)", "fr"))
    add(iri("concept/body/hrc"), SKOS + "notation", literal("HRC"))
    add(iri("concept/body/hrc"), SKOS + "prefLabel", literal("Human Rights Council", "en"))
    symbols = []
    for number in range(nodes):
        session = 1 + number * 60 // nodes
        symbol = f"A/HRC/RES/{session}/{number}"
        symbols.append(symbol)
        doc = iri(f"doc/{number}")
        add(doc, RDF_TYPE, f"<{KG}Document>")
        add(doc, RDF_TYPE, f"<{KG}Resolution>")
        add(doc, KG + "symbol", literal(symbol))
        add(doc, KG + "body", iri("concept/body/hrc"))
        add(doc, KG + "session", literal(str(session), datatype=XSD + "integer"))
        add(doc, DCT + "date", literal(f"{2006 + session // 3}-0{1 + number % 9}-15", datatype=XSD + "date"))
    readers = sorted(rng.sample(range(nodes // 10, nodes), read))
    for number in readers:
        doc = iri(f"doc/{number}")
        expression = iri(f"doc/{number}@en")
        add(doc, KG + "hasExpression", expression)
        add(expression, DCT + "language", literal("en"))
        topic = " ".join(rng.sample(WORDS, 3))
        add(doc, DCT + "title", literal(f"Resolution on {topic}", "en"))
        add(doc, DCT + "title", literal(f"Résolution sur {topic}", "fr"))
        for index in range(1, 9):
            paragraph = iri(f"doc/{number}#pp{index}")
            add(paragraph, DCT + "isPartOf", doc)
            add(paragraph, KG + "paragraphId", literal(f"pp{index}"))
            cited = {rng.randrange(number) if rng.random() < 0.5 else int(rng.paretovariate(1.2) * 37) % number
                     for _ in range(2)}
            words = " ".join(rng.choice(WORDS) for _ in range(40))
            recalled = ", ".join(symbols[c] for c in sorted(cited))
            add(paragraph, KG + "text", literal(f"Recalling {recalled}, {words}", "en"))
            for target in sorted(cited):
                add(paragraph, CITO + "cites", iri(f"doc/{target}"))
                add(doc, CITO + "cites", iri(f"doc/{target}"))
                citation = iri(f"doc/{number}@en#cit-{index}-{target}")
                add(citation, CITO + "hasCitingEntity", paragraph)
                add(citation, CITO + "hasCitedEntity", iri(f"doc/{target}"))
                add(citation, KG + "quote", literal(f"resolution {symbols[target].split('/RES/')[1]}"))
        for index in range(1, 6):
            paragraph = iri(f"doc/{number}#op{index}")
            add(paragraph, DCT + "isPartOf", doc)
            add(paragraph, KG + "paragraphId", literal(f"op{index}"))
            action = rng.choice(ACTIONS)
            add(paragraph, KG + "action", iri(f"concept/action/{action}"))
            words = " ".join(rng.choice(WORDS) for _ in range(30))
            add(paragraph, KG + "text", literal(f"{action.capitalize()} {words}", "en"))
            for actor in sorted(set(rng.sample(ACTORS, 2))):
                add(paragraph, KG + "addressee", iri(f"concept/entity/{actor}"))
            if index == 5:
                mandate = iri(f"doc/{number}#op5-mandate-1")
                add(mandate, RDF_TYPE, f"<{KG}Mandate>")
                add(mandate, KG + "givenIn", paragraph)
                add(mandate, KG + "deliverable", iri("concept/deliverable/report"))
                add(mandate, KG + "mandatedTo", iri("concept/entity/ohchr"))
                add(mandate, KG + "dueSession", literal(str(61 + number % 5), datatype=XSD + "integer"))
                add(mandate, KG + "dueRelation", literal("at"))
                add(mandate, KG + "dueBody", iri("concept/body/hrc"))
    return "\n".join(lines) + "\n"


def store_select(nodes: int):
    """A ``select`` over an in-memory Oxigraph store holding the synthetic graph."""
    import pyoxigraph as ox

    from kg.store import Store

    raw = ox.Store()
    raw.load(synthetic_ntriples(nodes).encode(), format=ox.RdfFormat.N_TRIPLES)
    store = Store(raw, Path("memory"))
    return store.rows, len(raw)


def timed(function, *args, repeat: int = 1):
    """The result of the last call and the median wall time of ``repeat`` calls."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def browser_seconds(out: Path, workdir: Path, shot: Path) -> tuple[float, float, int]:
    """Seconds until the load event and until the first frame with final positions, and the
    pixels drawn on the canvas then (headless Chromium, network off; screenshot in ``shot``)."""
    import browser

    with browser.Chromium(workdir, timeout=60) as chromium:
        page = chromium.open_page()
        start = time.perf_counter()
        page.navigate(out.as_uri(), timeout=120)
        loaded = time.perf_counter() - start
        page.wait_for("document.body.getAttribute('data-kg-ready') === 'true'", timeout=120, step=0.02)
        drawn = time.perf_counter() - start
        ink = browser.canvas_ink(page, shot)
        errors = page.errors()
        if errors:
            raise RuntimeError(f"the page reported errors: {errors[:3]}")
    return loaded, drawn, ink


def pyvis_one_by_one(view) -> float:
    """pyvis with add_node and add_edge, then generate_html."""
    from pyvis.network import Network

    from kg.views.page import vis_edge, vis_node

    kinds = {kind.id: kind for kind in view.kinds}
    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for node in view.nodes:
        item = vis_node(node, kinds[node.kind], None)
        net.add_node(item.pop("id"), **item)
    for index, edge in enumerate(view.edges):
        item = vis_edge(index, edge)
        net.add_edge(item.pop("from"), item.pop("to"), **item)
    net.generate_html()
    return time.perf_counter() - start


def pyvis_bulk(view) -> float:
    """The same lists handed to pyvis in bulk, then generate_html."""
    from pyvis.network import Network

    from kg.views.page import vis_edge, vis_node

    kinds = {kind.id: kind for kind in view.kinds}
    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    net.nodes = [vis_node(node, kinds[node.kind], None) for node in view.nodes]
    net.edges = [vis_edge(index, edge) for index, edge in enumerate(view.edges)]
    net.generate_html()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--pyvis-nodes", type=int, nargs="+", default=[5_000, 20_000],
                        help="sizes for pyvis one by one against bulk (quadratic against linear)")
    parser.add_argument("--repeat", type=int, default=3, help="writes timed; the median is reported")
    parser.add_argument("--views", action="store_true", help="also the series, actors and mandates views")
    args = parser.parse_args()

    from kg.visualise import VIEWS, citation_view, write_html

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        select, triples = store_select(args.nodes)
        view, view_s = timed(citation_view, select)
        out, write_s = timed(write_html, view, work / "citations.html", repeat=args.repeat)
        loaded_s, drawn_s, ink = browser_seconds(out, work / "chromium", SHOTS / "bench-citations.png")
        rows.append(("citations", len(view.nodes), len(view.edges), view_s, write_s, out.stat().st_size,
                     loaded_s, drawn_s))
        if args.views:
            for name in ("series", "actors", "mandates"):
                other, other_view_s = timed(VIEWS[name], select)
                path, other_write_s = timed(write_html, other, work / f"{name}.html", repeat=args.repeat)
                _, other_drawn_s, _ = browser_seconds(path, work / f"chromium-{name}", SHOTS / f"bench-{name}.png")
                rows.append((name, len(other.nodes), len(other.edges), other_view_s, other_write_s,
                             path.stat().st_size, None, other_drawn_s))

        handover = []
        for size in args.pyvis_nodes:
            small = citation_view(store_select(size)[0])
            handover.append((len(small.nodes), len(small.edges), pyvis_one_by_one(small), pyvis_bulk(small)))

    print(f"synthetic graph: {args.nodes:,} documents, {triples:,} triples (Oxigraph in memory)\n")
    print(f"{'view':<10} {'nodes':>7} {'edges':>7} {'view s':>7} {'write s':>8} {'MB':>6} "
          f"{'load s':>7} {'drawn s':>8}")
    for name, nodes, edge_count, v_s, w_s, size, l_s, d_s in rows:
        print(f"{name:<10} {nodes:>7,} {edge_count:>7,} {v_s:>7.2f} {w_s:>8.3f} {size / 1e6:>6.1f} "
              f"{'' if l_s is None else f'{l_s:.2f}':>7} {d_s:>8.2f}")
    print(f"\ntargets: write < 1 s ({'met' if rows[0][4] < 1 else 'MISSED'}), "
          f"drawn < 10 s ({'met' if rows[0][7] < 10 else 'MISSED'}); canvas pixels drawn: {ink:,}")
    print("\npyvis, from a View to generate_html():")
    print(f"{'nodes':>7} {'edges':>7} {'one by one s':>13} {'bulk s':>7} {'ratio':>6}")
    for nodes, edge_count, one_s, bulk_s in handover:
        print(f"{nodes:>7,} {edge_count:>7,} {one_s:>13.2f} {bulk_s:>7.2f} {one_s / bulk_s:>5.0f}x")


if __name__ == "__main__":
    main()
