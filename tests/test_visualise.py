"""The citation view and the page every view is written through: what the view holds, the
HTML it writes (offline, escaped, same bytes), and that page in a real browser."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from selects import rdflib_select

from kg import visualise
from kg.visualise import (
    citation_view, excerpt, kinds, layered_layout, pick_language, render_html, script_json,
    strip_remote_resources, write_citation_html, write_html,
)

sys.path.insert(0, str(Path(__file__).parent))
import browser  # noqa: E402  (a helper module beside the tests, not a package)

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"

HOSTILE_TITLE = "<img src=x onerror=\"document.title='pwned'\">"
HOSTILE_TEXT = "</script><script>document.title='pwned'</script> recalls resolution 1998/1"
HOSTILE_SYMBOL = "E/CN.4/RES/1998/<img src=x onerror=alert(1)>"
LONG_TEXT = ("Stresses " + "the role of local government " * 30 + "as recalled in its resolution 45/7 "
             + "and the need for cooperation " * 20)

FIXTURE = """
@prefix kg: <https://w3id.org/un-hr-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix doc: <https://w3id.org/un-hr-kg/id/doc/> .
@prefix p: <https://w3id.org/un-hr-kg/id/paragraph/> .
@prefix c: <https://w3id.org/un-hr-kg/id/citation/> .
@prefix body: <https://w3id.org/un-hr-kg/id/body/> .

body:hrc skos:notation "HRC" ; skos:prefLabel "Human Rights Council"@en , "Conseil des droits de l'homme"@fr , "人权理事会"@zh .
body:ga skos:notation "GA" ; skos:prefLabel "General Assembly"@en .
body:sc skos:notation "SC" ; skos:prefLabel "Security Council"@en .
body:ecosoc skos:notation "ECOSOC" ; skos:prefLabel "Economic and Social Council"@en .

doc:r57-12 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/57/12" ; kg:body body:hrc ;
    dcterms:title "Local government and human rights"@en , "Gouvernements locaux et droits de l'homme"@fr ,
                  "地方政府与人权"@zh ;
    dcterms:date "2024-10-10"^^xsd:date ; kg:session 57 ;
    kg:hasExpression doc:r57-12-en , doc:r57-12-zh .
doc:r57-12-en dcterms:language "en" .
doc:r57-12-zh dcterms:language "zh" .
doc:r51-12 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/51/12" ; kg:body body:hrc ;
    dcterms:title "Local government and human rights"@en ; dcterms:date "2022-10-06"^^xsd:date ;
    kg:session 51 ; kg:hasExpression doc:r51-12-en .
doc:r51-12-en dcterms:language "en" .
doc:r45-7 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/45/7" ; kg:body body:hrc .
doc:r24-2 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/24/2" ; kg:body body:hrc .
doc:rep56-32 a kg:Document , kg:Report ; kg:symbol "A/HRC/56/32" ; kg:body body:hrc ;
    dcterms:title "地方政府在促进和保护人权方面的作用"@zh ; dcterms:date "2024-04-15"^^xsd:date ;
    kg:hasExpression doc:rep56-32-zh .
doc:rep56-32-zh dcterms:language "zh" .
doc:dec55-115 a kg:Document , kg:Decision ; kg:symbol "A/HRC/DEC/55/115" ; kg:body body:hrc ;
    dcterms:date "2024-04-05"^^xsd:date ; kg:hasExpression doc:dec55-115-en .
doc:dec55-115-en dcterms:language "en" .
doc:ga70-1 a kg:Document , kg:Resolution ; kg:symbol "A/RES/70/1" ; kg:body body:ga ;
    dcterms:title "Transforming our world: the 2030 Agenda for Sustainable Development"@en .
doc:sc2250 a kg:Document , kg:Resolution ; kg:symbol "S/RES/2250(2015)" ; kg:body body:sc .
doc:hostile a kg:Document , kg:Resolution ; kg:symbol "%(hostile_symbol)s" ; kg:body body:ecosoc ;
    dcterms:title "%(hostile_title)s"@en .

p:r57-12-pp1 a kg:Paragraph ; dcterms:isPartOf doc:r57-12 ; kg:paragraphId "pp1" ;
    kg:text "Reaffirming the 2030 Agenda for Sustainable Development"@en ; cito:cites doc:ga70-1 .
p:r57-12-pp3 a kg:Paragraph ; dcterms:isPartOf doc:r57-12 ; kg:paragraphId "pp3" ;
    kg:text "Recalling its resolutions 45/7 and 51/12"@en ; cito:cites doc:r45-7 , doc:r51-12 .
p:r57-12-op8 a kg:Paragraph ; dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op8" ;
    kg:text "Requests the High Commissioner, as in resolution 51/12, to report"@en ,
            "请高级专员按照第51/12号决议提交报告"@zh ;
    cito:cites doc:r51-12 .
p:r57-12-op10 a kg:Paragraph ; dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op10" ;
    kg:text "Takes note of the report A/HRC/56/32"@en ; cito:cites doc:rep56-32 .
p:r57-12-op11 a kg:Paragraph ; dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op11" ;
    kg:text "Decides to remain seized of the matter, as this resolution says"@en ; cito:cites doc:r57-12 .
p:r51-12-pp2 a kg:Paragraph ; dcterms:isPartOf doc:r51-12 ; kg:paragraphId "pp2" ;
    kg:text "%(long_text)s"@en ; cito:cites doc:r45-7 .
p:r51-12-pp4 a kg:Paragraph ; dcterms:isPartOf doc:r51-12 ; kg:paragraphId "pp4" ;
    kg:text "Recalling resolution 24/2"@en ; cito:cites doc:r24-2 .
p:r51-12-op3 a kg:Paragraph ; dcterms:isPartOf doc:r51-12 ; kg:paragraphId "op3" ;
    kg:text "%(hostile_text)s"@en ; cito:cites doc:hostile .
p:rep56-32-p5 a kg:Paragraph ; dcterms:isPartOf doc:rep56-32 ; kg:paragraphId "p5" ;
    kg:text "根据人权理事会第51/12号决议"@zh ; cito:cites doc:r51-12 .
p:dec55-115-p1 a kg:Paragraph ; dcterms:isPartOf doc:dec55-115 ; kg:paragraphId "p1" ;
    kg:text "Decides to consider resolution 57/12"@en ; cito:cites doc:r57-12 .

doc:r57-12 cito:cites doc:r51-12 , doc:r45-7 , doc:ga70-1 , doc:rep56-32 .
doc:dec55-115 cito:cites doc:ga70-1 .
c:4 a cito:Citation ; cito:hasCitingEntity doc:dec55-115 ; cito:hasCitedEntity doc:ga70-1 ;
    kg:quote "General Assembly resolution 70/1" .

c:1 a cito:Citation ; cito:hasCitingEntity p:r57-12-op8 ; cito:hasCitedEntity doc:r51-12 ;
    kg:quote "resolution 51/12" ; kg:citedDate "2022-10-06"^^xsd:date .
c:2 a cito:Citation ; cito:hasCitingEntity p:r51-12-pp2 ; cito:hasCitedEntity doc:r45-7 ;
    kg:quote "resolution 45/7" .
c:3 a cito:Citation ; cito:hasCitingEntity p:r51-12-op3 ; cito:hasCitedEntity doc:hostile ;
    kg:quote "%(hostile_title)s" .
""" % {"hostile_title": HOSTILE_TITLE.replace('"', '\\"'), "hostile_text": HOSTILE_TEXT,
       "hostile_symbol": HOSTILE_SYMBOL, "long_text": LONG_TEXT}

FOCUS = "A/HRC/RES/57/12"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def select(graph):
    return rdflib_select(graph)


@pytest.fixture(scope="module")
def view(select):
    return citation_view(select)


def node(view, symbol):
    return next(n for n in view.nodes if n.id == symbol)


def edge(view, source, target):
    return next(e for e in view.edges if (e.source, e.target) == (source, target))


# --- the view -----------------------------------------------------------------


@pytest.mark.parametrize("symbol, kind", [
    ("A/HRC/RES/57/12", "resolution"),
    ("A/HRC/DEC/55/115", "decision"),
    ("A/HRC/56/32", "report"),
    ("A/HRC/RES/45/7", "cited-hrc"),
    ("A/RES/70/1", "cited-ga"),
    ("S/RES/2250(2015)", "cited-sc"),
    (HOSTILE_SYMBOL, "cited-ecosoc"),
], ids=["read resolution", "read decision", "read report", "cited HRC", "cited GA",
        "cited SC, never cited", "cited ECOSOC"])
def test_node_kind(view, symbol, kind):
    assert node(view, symbol).kind == kind
    assert node(view, symbol).label == symbol


def test_nodes_in_natural_symbol_order(view):
    ids = [n.id for n in view.nodes]
    assert ids.index("A/HRC/RES/24/2") < ids.index("A/HRC/RES/45/7") < ids.index("A/HRC/RES/57/12")
    assert len(ids) == len(set(ids)) == 9


@pytest.mark.parametrize("symbol, wanted", [
    ("A/HRC/RES/57/12", ["Local government and human rights", "Body: Human Rights Council (HRC)",
                         "Date: 2024-10-10 · Session: 57", "Resolution · read (en, zh)", "Cites 4 · cited by 1"]),
    ("A/HRC/RES/45/7", ["Resolution · cited only, not read", "Cites 0 · cited by 2"]),
], ids=["read", "cited only"])
def test_node_tooltip(view, symbol, wanted):
    lines = node(view, symbol).tooltip.split("\n")
    assert lines[0] == symbol
    for line in wanted:
        assert line in lines


@pytest.mark.parametrize("lang, symbol, title", [
    ("zh", "A/HRC/RES/57/12", "地方政府与人权"),
    ("fr", "A/HRC/RES/57/12", "Gouvernements locaux et droits de l'homme"),
    ("fr-CA", "A/HRC/RES/57/12", "Gouvernements locaux et droits de l'homme"),
    ("ru", "A/HRC/RES/57/12", "Local government and human rights"),
    ("en", "A/HRC/56/32", "地方政府在促进和保护人权方面的作用"),
], ids=["asked language", "other asked language", "region subtag", "falls back to English",
        "falls back to the only title"])
def test_title_language_fallback(select, lang, symbol, title):
    assert node(citation_view(select, lang=lang), symbol).tooltip.split("\n")[1] == title


def test_body_label_in_asked_language(select):
    assert "Body: 人权理事会 (HRC)" in node(citation_view(select, lang="zh"), FOCUS).tooltip


def test_edges_aggregate_paragraphs_per_pair(view):
    pair = edge(view, "A/HRC/RES/57/12", "A/HRC/RES/51/12")
    assert pair.paragraphs == ("op8", "pp3")
    assert pair.tooltip.startswith("A/HRC/RES/57/12 cites A/HRC/RES/51/12\nin 2 paragraphs\n")
    assert "op8: “resolution 51/12” (2022-10-06)" in pair.tooltip
    assert "Requests the High Commissioner" in pair.tooltip
    assert "pp3" in pair.tooltip and "Recalling its resolutions 45/7 and 51/12" in pair.tooltip


def test_edges_sorted_without_self_citations(view):
    pairs = [(e.source, e.target) for e in view.edges]
    assert pairs == sorted(pairs, key=lambda pair: (visualise.symbol_key(pair[0]), visualise.symbol_key(pair[1])))
    assert all(source != target for source, target in pairs)
    assert len(pairs) == 10


def test_document_level_citation_only_where_no_paragraph_cites(view):
    whole = edge(view, "A/HRC/DEC/55/115", "A/RES/70/1")
    assert whole.paragraphs == (visualise.NO_PARAGRAPH,)
    assert whole.tooltip.split("\n")[1:] == ["outside its paragraphs",
                                            f"{visualise.NO_PARAGRAPH}: “General Assembly resolution 70/1”"]
    assert visualise.NO_PARAGRAPH not in edge(view, "A/HRC/RES/57/12", "A/RES/70/1").paragraphs


def test_edge_tooltip_paragraph_in_asked_language(select):
    pair = edge(citation_view(select, lang="zh"), "A/HRC/RES/57/12", "A/HRC/RES/51/12")
    assert "请高级专员按照第51/12号决议提交报告" in pair.tooltip


def test_edge_tooltip_long_paragraph_shortened_around_quote(view):
    tooltip = edge(view, "A/HRC/RES/51/12", "A/HRC/RES/45/7").tooltip
    words = tooltip.split("\n")[3]
    assert len(LONG_TEXT) > 900
    assert len(words) <= visualise.EXCERPT_CHARS + 8
    assert "resolution 45/7" in words and words.strip().startswith("…") and words.endswith("…")


@pytest.mark.parametrize("depth, expected", [
    (0, {"A/HRC/RES/57/12"}),
    (1, {"A/HRC/RES/57/12", "A/HRC/RES/51/12", "A/HRC/RES/45/7", "A/HRC/56/32", "A/RES/70/1",
         "A/HRC/DEC/55/115"}),
    (None, {"A/HRC/RES/57/12", "A/HRC/RES/51/12", "A/HRC/RES/45/7", "A/HRC/56/32", "A/RES/70/1",
            "A/HRC/DEC/55/115"}),
    (2, {"A/HRC/RES/57/12", "A/HRC/RES/51/12", "A/HRC/RES/45/7", "A/HRC/56/32", "A/RES/70/1",
         "A/HRC/DEC/55/115", "A/HRC/RES/24/2", HOSTILE_SYMBOL}),
], ids=["depth 0", "depth 1", "depth defaults to 1", "depth 2"])
def test_focus_keeps_documents_within_depth(select, depth, expected):
    focused = citation_view(select, focus=FOCUS, depth=depth)
    assert {n.id for n in focused.nodes} == expected
    assert all(e.source in expected and e.target in expected for e in focused.edges)
    assert focused.title.startswith(f"Citation network around {FOCUS}")


@pytest.mark.parametrize("options, message", [
    ({"focus": "A/HRC/RES/99/1"}, "not the symbol of a document"),
    ({"depth": 2}, "counts hops from a focus"),
    ({"focus": FOCUS, "depth": -1}, "0 or more"),
], ids=["unknown focus", "depth without focus", "negative depth"])
def test_bad_focus_is_an_error(select, options, message):
    with pytest.raises(ValueError, match=message):
        citation_view(select, **options)


def test_typed_values_from_a_store_are_read_as_text(select, view):
    """A store may answer numbers as int (``kg:session 57``); the view is the same."""
    def typed(query):
        return [{name: int(value) if value and value.isdigit() else value for name, value in row.items()}
                for row in select(query)]
    assert citation_view(typed) == view


def test_view_does_not_depend_on_triple_order(graph, view):
    reversed_graph = Graph()
    for triple in sorted(graph, reverse=True):
        reversed_graph.add(triple)
    assert citation_view(rdflib_select(reversed_graph)) == view


# --- text helpers --------------------------------------------------------------


@pytest.mark.parametrize("values, lang, expected", [
    ([("a", "en"), ("b", "fr")], "fr", ["b"]),
    ([("a", "en"), ("b", "")], "ru", ["b"]),
    ([("a", "en"), ("b", "es")], "ru", ["a"]),
    ([("b", "es"), ("a", "ar")], "ru", ["a"]),
    ([("b", "zh"), ("a", "zh")], "zh", ["a", "b"]),
    ([], "en", []),
], ids=["asked", "untagged before English", "English before others", "then by tag", "all of the best",
        "nothing"])
def test_pick_language(values, lang, expected):
    assert pick_language(values, lang) == expected


@pytest.mark.parametrize("text, quote, limit, expected", [
    ("short  text\n here", None, 300, "short text here"),
    ("x" * 50, None, 10, "xxxxxxxxxx …"),
    ("a " * 20 + "END", "end", 10, "… a a a END"),
], ids=["white space squashed", "cut at the end", "window on the quote"])
def test_excerpt(text, quote, limit, expected):
    assert excerpt(text, quote, limit) == expected


@pytest.mark.parametrize("value, expected", [
    ("</script>", '"\\u003c/script\\u003e"'),
    ("a & b", '"a \\u0026 b"'),
    ("\u2028\u2029", '"\\u2028\\u2029"'),
    ("人权", '"人权"'),
], ids=["end of script", "ampersand", "line and paragraph separators", "other text kept"])
def test_script_json_escapes(value, expected):
    assert script_json(value) == expected
    assert json.loads(script_json(value)) == value


@pytest.mark.parametrize("page, expected", [
    ('<script src="https://cdn.example/x.js"></script><p>k</p>', "<p>k</p>"),
    ("<script\n  src=\"//cdn.example/x.js\"\n></script>", ""),
    ('<link href="http://cdn.example/x.css" rel="stylesheet" />', ""),
    ('<link rel="icon" href="data:,">', '<link rel="icon" href="data:,">'),
    ("<script>var s = '<link href=\"https://x\">';</script>", "<script>var s = '<link href=\"https://x\">';</script>"),
    ("<!-- <script src=\"lib/vis.js\"></script> -->", ""),
    ('<SCRIPT src="//cdn.example/x.js"></Script >k', "k"),
    ('<!-- open <script src="https://cdn.example/x.js"></script>', "<!-- open "),
    ('<script>var s = 1;<link href="https://x">', '<script>var s = 1;'),
], ids=["remote script", "protocol-relative script over lines", "remote link", "local link kept",
        "inline script untouched", "commented-out tags", "tags in capitals", "comment without its end",
        "script without its end"])
def test_strip_remote_resources(page, expected):
    assert strip_remote_resources(page) == expected


def test_view_kinds_table_is_well_formed():
    table = kinds()
    assert len({kind.id for kind in table}) == len(table)
    for read in (True, False):
        group = [kind for kind in table if kind.read is read]
        assert group[-1].match == "*" and all(kind.match != "*" for kind in group[:-1])
    others = [kind for kind in table if kind.read is None]
    assert {kind.id for kind in others} >= {"actor", "mandate-open", "mandate-delivered", "session"}
    assert all(kind.match == "-" for kind in others)
    for kind in table:
        assert re.fullmatch(r"#[0-9a-f]{6}", kind.colour), kind
        assert kind.shape in {"dot", "square", "diamond", "hexagon", "star", "triangle", "triangleDown",
                              "box", "ellipse", "circle"}, kind
        assert len(kind.glyph) == 1, kind


# --- the HTML ------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(view) -> str:
    return render_html(view)


def test_same_view_same_bytes(view, tmp_path):
    first = write_html(view, tmp_path / "one.html").read_bytes()
    second = write_html(view, tmp_path / "two.html").read_bytes()
    assert first == second


def test_same_bytes_across_processes(tmp_path):
    """Hash seeds change set and dict order in rdflib and here; the page must not change."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]); from rdflib import Graph; "
        "import test_visualise as t; from kg.visualise import write_citation_html; "
        "g = Graph().parse(data=t.FIXTURE, format='turtle'); "
        "write_citation_html(t.rdflib_select(g), sys.argv[1], lang='fr')")
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.html"
        subprocess.run([sys.executable, "-c", script, str(out), str(Path(__file__).parent)], check=True,
                       timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_page_loads_nothing_from_the_network(page):
    assert re.findall(r"<script\b[^>]*\bsrc\s*=", page, re.I) == []
    for tag in re.findall(r"<link\b[^>]*>", page, re.I):
        assert not re.search(r"href\s*=\s*[\"']?\s*(https?:)?//", tag, re.I), tag
    assert "vis.Network" in page  # vis-network is inlined


@pytest.mark.parametrize("raw", [
    HOSTILE_TITLE, "<img", HOSTILE_TEXT.split(" recalls")[0], "</script><script>", HOSTILE_SYMBOL,
], ids=["hostile title", "any img tag", "script in paragraph", "script break", "hostile symbol"])
def test_hostile_text_never_raw(page, raw):
    assert raw.lower() not in page.lower()


def test_hostile_text_embedded_escaped(page):
    escaped = json.dumps(HOSTILE_TITLE)[1:-1]
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        escaped = escaped.replace(char, code)
    assert escaped in page


def test_hostile_focus_escaped_in_title(select):
    page = render_html(citation_view(select, focus=HOSTILE_SYMBOL))
    assert "<title>Citation network around E/CN.4/RES/1998/&lt;img src=x onerror=alert(1)&gt; (1 hop)</title>" in page


def test_page_has_title_legend_search_and_options(page, view):
    assert "<title>Citation network</title>" in page
    assert '<ul id="kg-legend"' in page and "Resolution (read) (2)" in page
    assert "Cited only: Security Council (1)" in page and "Compilation (read)" not in page
    assert '<input id="kg-search"' in page
    assert '"physics": {"enabled": true' in page and '"iterations": 200' in page
    assert "https://undocs.org/" in page


def test_nodes_handed_to_pyvis_in_bulk(view, monkeypatch):
    from pyvis.network import Network

    def one_by_one(*args, **kwargs):
        raise AssertionError("add_node/add_edge called one by one")

    monkeypatch.setattr(Network, "add_node", one_by_one)
    monkeypatch.setattr(Network, "add_edge", one_by_one)
    render_html(view)


def test_write_citation_html(select, tmp_path):
    out = write_citation_html(select, tmp_path / "deep" / "v.html", lang="zh", focus=FOCUS)
    text = out.read_text(encoding="utf-8")
    assert out.name == "v.html" and f"<title>Citation network around {FOCUS} (1 hop)</title>" in text


def synthetic_select(count: int, per_year: int = 40):
    """A citation graph of ``count`` resolutions, each citing up to three earlier ones."""
    lines = ["@prefix kg: <https://w3id.org/un-hr-kg/ontology#> .",
             "@prefix dcterms: <http://purl.org/dc/terms/> .",
             "@prefix cito: <http://purl.org/spar/cito/> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
             "@prefix d: <https://w3id.org/un-hr-kg/id/doc/> .",
             'd:hrc skos:notation "HRC" .']
    for i in range(count):
        year = 2006 + i // per_year
        read = "; kg:hasExpression d:e%d " % i if i % 3 else ""
        lines.append(f'd:r{i} a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/{i // per_year + 1}/{i}" ; '
                     f'kg:body d:hrc ; dcterms:date "{year}-06-01"^^xsd:date {read}.')
        if i % 3:
            lines.append(f'd:e{i} dcterms:language "en" .')
        for cited in {(i * 7) % max(i, 1), i // 2, i - 1} - {i}:
            if 0 <= cited < i:
                lines.append(f'd:p{i}-{cited} dcterms:isPartOf d:r{i} ; kg:paragraphId "pp{cited}" ; '
                             f'cito:cites d:r{cited} .')
    return rdflib_select(Graph().parse(data="\n".join(lines), format="turtle"))


@pytest.fixture(scope="module")
def large_view():
    return citation_view(synthetic_select(visualise.LAYOUT_THRESHOLD + 100))


def test_large_graph_laid_out_before_writing(large_view):
    page = render_html(large_view)
    data = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page).group(1))
    assert len(data) == len(large_view.nodes) > visualise.LAYOUT_THRESHOLD
    assert all(isinstance(item["x"], int) and isinstance(item["y"], int) for item in data)
    assert '"physics": {"enabled": false' in page


def test_layered_layout_puts_years_left_to_right(large_view):
    positions = layered_layout(large_view)
    by_year = {}
    for n in large_view.nodes:
        by_year.setdefault(n.band, []).append(positions[n.id][0])
    years = sorted(by_year)
    for earlier, later in zip(years, years[1:]):
        assert max(by_year[earlier]) < min(by_year[later])
    assert len(set(positions.values())) == len(positions)


# --- in a real browser ---------------------------------------------------------


def launch(tmp_path):
    """Chromium, or a failure that says how to install it."""
    if not browser.CHROMIUM.exists():
        pytest.fail(f"{browser.CHROMIUM} not found: {browser.INSTALL_HINT}")
    return browser.Chromium(tmp_path / "chromium")


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """One headless, offline Chromium for the module's pages, each in its own tab."""
    with launch(tmp_path_factory.mktemp("browser")) as running:
        yield running


def test_missing_browser_fails_with_install_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.fail.Exception, match=r"\.ci/install-system"):
        launch(tmp_path)


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn; checks that it is the node found there."""
    x, y, found = browser.node_point(page, node_id)
    assert found == node_id
    return x, y


def assert_drawn(page, shot: Path, minimum: int) -> None:
    ink = browser.canvas_ink(page, shot)
    assert ink > minimum, f"canvas nearly blank ({ink} pixels drawn); see {shot}"


def assert_offline_and_clean(page, url: str) -> None:
    assert page.errors() == []
    assert [request for request in page.requests() if request != url] == []


def test_page_in_browser(view, chromium, tmp_path):
    out = write_html(view, tmp_path / "citations.html")
    url = out.as_uri()
    page = chromium.open_page()
    page.navigate(url)
    page.wait_for("document.body.getAttribute('data-kg-ready') === 'true'", timeout=30)

    assert page.evaluate("network.physics.options.enabled") is False  # static after stabilising
    assert page.evaluate("document.title") == "Citation network"
    legend = page.evaluate("Array.from(document.querySelectorAll('#kg-legend li'), li => li.textContent)")
    assert len(legend) == len({n.kind for n in view.nodes})
    assert any("Resolution (read) (2)" in item for item in legend)
    assert_drawn(page, ARTIFACTS / "citation-view.png", minimum=3000)

    # The hostile title and symbol are data, shown as text.
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("nodes.get(%s).label" % json.dumps(HOSTILE_SYMBOL)) == HOSTILE_SYMBOL
    tip = browser.hover_tooltip(page, *node_point(page, HOSTILE_SYMBOL))
    assert HOSTILE_TITLE in tip
    assert page.evaluate("document.querySelectorAll('div.vis-tooltip *').length") == 1  # the text div only
    page.screenshot(ARTIFACTS / "citation-view-tooltip.png")
    page.mouse("mouseMoved", 5, 5)

    # A click on a node opens its page on undocs.org.
    page.evaluate("window.opened = []; window.open = function (u) { window.opened.push(u); return null; }")
    page.click(*node_point(page, FOCUS))
    assert page.wait_for("window.opened.length && window.opened", timeout=5) == [
        "https://undocs.org/A/HRC/RES/57/12"]

    # The search box selects the document typed.
    page.evaluate("document.getElementById('kg-search').value = 'a/hrc/56/32';"
                  "document.getElementById('kg-search-form').requestSubmit()")
    assert page.evaluate("network.getSelectedNodes()") == ["A/HRC/56/32"]
    page.evaluate("document.getElementById('kg-search').value = 'nothing like this';"
                  "document.getElementById('kg-search-form').requestSubmit()")
    assert page.evaluate("document.getElementById('kg-status').textContent").startswith("Nothing matches")

    # The legend's checkboxes hide and show a kind.
    hidden = "nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"
    page.evaluate("document.querySelector('#kg-legend input[value=\"resolution\"]').click()")
    assert page.evaluate(hidden) == ["A/HRC/RES/51/12", "A/HRC/RES/57/12"]
    page.evaluate("document.querySelector('#kg-legend input[value=\"resolution\"]').click()")
    assert page.evaluate(hidden) == []

    assert page.evaluate("document.title") == "Citation network"
    assert_offline_and_clean(page, url)
    page.close()


def test_large_page_in_browser(large_view, chromium, tmp_path):
    out = write_html(large_view, tmp_path / "large.html")
    url = out.as_uri()
    page = chromium.open_page()
    page.navigate(url)
    page.wait_for("document.body.getAttribute('data-kg-ready') === 'true'", timeout=30)
    assert page.evaluate("network.physics.options.enabled") is False
    assert page.evaluate("nodes.length") == len(large_view.nodes)
    assert_drawn(page, ARTIFACTS / "citation-view-large.png", minimum=3000)
    assert_offline_and_clean(page, url)
    page.close()
