"""Reference extraction from English UN texts: one row per phenomenon."""
from __future__ import annotations

import pytest

from kg.records import DocumentInfo, Footnote, Segmentation
from kg.references import find_references

HRC = DocumentInfo(symbol="A/HRC/RES/58/3", language="en", kind="resolution", body="HRC")
HRC_DECISION = DocumentInfo(symbol="A/HRC/DEC/55/101", language="en", kind="decision", body="HRC")
GA = DocumentInfo(symbol="A/RES/80/31", language="en", kind="resolution", body="GA")


def cite(text, document, footnotes=(), furniture=()):
    """(target, date) of every reference, after checking each one's span."""
    refs = find_references(text, "en", document, Segmentation(document, (), tuple(footnotes), tuple(furniture)))
    for r in refs:
        assert text[r.start:r.end] == r.text
        assert r.paragraph is None
    return [(r.target, r.date) for r in refs]


@pytest.mark.parametrize("text,document,expected", [
    pytest.param(
        "Recalling its resolutions 24/2 of 26 September 2013, 27/4 of 25 September 2014 "
        "and 51/12 of 6 October 2022 on local government and human rights,",
        HRC, [("A/HRC/RES/24/2", "2013-09-26"), ("A/HRC/RES/27/4", "2014-09-25"),
              ("A/HRC/RES/51/12", "2022-10-06")],
        id="list of own resolutions, each with its date"),
    pytest.param(
        "Recalling its resolution 24/2 of 26 September 2013,", GA,
        [("A/RES/24/2", "2013-09-26")], id="its resolution in a General Assembly text"),
    pytest.param(
        "Recalling General Assembly resolution 70/1 of 25 September 2015, entitled "
        "“Transforming our world: the 2030 Agenda for Sustainable Development”,",
        HRC, [("A/RES/70/1", "2015-09-25")], id="General Assembly resolution in a Council text"),
    pytest.param(
        "Guided by the review of its work requested by the General Assembly in its\n"
        "resolution 65/281 of 17 June 2011 and by Council resolution 16/21 of 25 March 2011,",
        HRC_DECISION, [("A/RES/65/281", "2011-06-17"), ("A/HRC/RES/16/21", "2011-03-25")],
        id="the General Assembly in its resolution, then Council resolution"),
    pytest.param(
        "This summary follows the general guidelines of Human Rights Council resolutions 5/1\nand 16/21, and",
        HRC, [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="Human Rights Council resolutions 5/1 and 16/21 over a line break"),
    pytest.param(
        "Recalling Human Rights Council resolution S-30/1 of 27 May 2021,", GA,
        [("A/HRC/RES/S-30/1", "2021-05-27")], id="Council special-session resolution"),
    pytest.param(
        "Recalling the Final Document of the Tenth Special Session, adopted by resolution S-10/2,",
        GA, [("A/RES/S-10/2", None)], id="General Assembly special-session resolution"),
    pytest.param(
        "Recalling Human Rights Council decision 18/117 of 28 March 2011,", GA,
        [("A/HRC/DEC/18/117", "2011-03-28")], id="Council decision"),
    pytest.param(
        "and its decision 76/563 of 11 May 2022,", GA,
        [("A/DEC/76/563", "2022-05-11")], id="General Assembly decision"),
    pytest.param(
        "following the President’s statement PRST/9/2 on the follow-up to the outcome of\n"
        "the review of 24 September 2008;",
        HRC_DECISION, [("A/HRC/PRST/9/2", "2008-09-24")],
        id="President's statement dated after its subject"),
    pytest.param(
        "and President’s statement PRST 8/1 of 9 April 2008,", HRC,
        [("A/HRC/PRST/8/1", "2008-04-09")], id="President's statement written with a space"),
    pytest.param(
        "Recalling Security Council resolutions 1325 (2000) of 31 October 2000, 1820 (2008) "
        "of 19 June 2008 and 2250 (2015) of 9 December 2015,",
        GA, [("S/RES/1325(2000)", "2000-10-31"), ("S/RES/1820(2008)", "2008-06-19"),
             ("S/RES/2250(2015)", "2015-12-09")],
        id="Security Council resolutions numbered by year"),
    pytest.param(
        "Welcoming the adoption of resolution 2532 (2020)3 and the subsequent briefings,",
        GA, [("S/RES/2532(2020)", None)], id="Security Council resolution with a footnote call glued"),
    pytest.param(
        "and Economic and Social Council resolution 2008/6 of 18 July 2008 on the coordination of work,",
        GA, [("E/RES/2008/6", "2008-07-18")], id="Economic and Social Council resolution"),
    pytest.param(
        "Recalling Commission on Human Rights resolution 2005/69 of 20 April 2005,", HRC,
        [("E/CN.4/RES/2005/69", "2005-04-20")], id="Commission on Human Rights resolution"),
    pytest.param(
        "See resolution 2106 A (XX), annex; resolution 217 A (III); resolution 1803 (XVII).", GA,
        [("A/RES/2106(XX)", None), ("A/RES/217(III)", None), ("A/RES/1803(XVII)", None)],
        id="resolutions before 1976 with Roman-numeral sessions"),
    pytest.param(
        "Recalling its resolutions 2625 (XXV) of 24 October 1970, 3314 (XXIX) of 14 December 1974 "
        "and 42/22 of 18 November 1987,",
        GA, [("A/RES/2625(XXV)", "1970-10-24"), ("A/RES/3314(XXIX)", "1974-12-14"),
             ("A/RES/42/22", "1987-11-18")],
        id="list running from Roman-numeral sessions to session numbers"),
    pytest.param(
        "Recalling its resolutions 49/75 K of 15 December 1994 and 46/36 A and B of 6 December 1991,",
        GA, [("A/RES/49/75", "1994-12-15"), ("A/RES/46/36", "1991-12-06")],
        id="lettered parts of resolutions"),
    pytest.param(
        "Taking note of the general comments (CCPR/C/GC/37, CRC/C/GC/26) and the concluding "
        "observations (CEDAW/C/SVN/CO/7, CAT/C/SVN/CO/4, CRC/C/SVN/CO/5-6),",
        HRC, [("CCPR/C/GC/37", None), ("CRC/C/GC/26", None), ("CEDAW/C/SVN/CO/7", None),
              ("CAT/C/SVN/CO/4", None), ("CRC/C/SVN/CO/5-6", None)],
        id="treaty-body symbols"),
    pytest.param(
        "See A/HRC/43/15/Add.1, A/CONF.189/12/Corr.1 and A/HRC/55/20/Rev.1.", HRC,
        [("A/HRC/43/15/Add.1", None), ("A/CONF.189/12/Corr.1", None), ("A/HRC/55/20/Rev.1", None)],
        id="addendum, corrigendum and revision suffixes"),
    pytest.param(
        "Having considered draft resolution A/HRC/57/L.12 and the draft A/80/L.2/Rev.1,", HRC,
        [("A/HRC/57/L.12", None), ("A/80/L.2/Rev.1", None)], id="draft resolutions"),
    pytest.param(
        "the compilation prepared for the review (A/HRC/WG.6/48/SVN/2),", HRC,
        [("A/HRC/WG.6/48/SVN/2", None)], id="working group document"),
    pytest.param(
        "See A/CONF.157/24 (Part I), chap. III, and HRI/GEN/1/Rev.9 (Vol. I).", GA,
        [("A/CONF.157/24(PartI)", None), ("HRI/GEN/1/Rev.9(Vol.I)", None)],
        id="conference report in parts and volumes"),
    pytest.param(
        "the letter transmitting the Arab Peace Initiative (A/57/759-S/2003/332),", GA,
        [("A/57/759", None)], id="dual symbol is one reference"),
    pytest.param(
        "[on the report of the Second Committee (A/79/456/Add.2, para. 12)]", GA,
        [("A/79/456/Add.2", None)], id="report of a Main Committee in the adoption line"),
    pytest.param(
        "on the follow-up to resolution 78/5;2\n\n2 A/79/120.", GA,
        [("A/RES/78/5", None), ("A/79/120", None)], id="footnote marker glued to number and symbol"),
    pytest.param(
        "the report of the Secretary-General (A/HRC/\n56/32) and CEDAW/C/SVN/\n   CO/7", HRC,
        [("A/HRC/56/32", None), ("CEDAW/C/SVN/CO/7", None)], id="symbol broken across a line"),
    pytest.param(
        "Recalling its resolutions 24/2 and 27/4, and Security Council resolution 2250 (2015),", HRC,
        [("A/HRC/RES/24/2", None), ("A/HRC/RES/27/4", None), ("S/RES/2250(2015)", None)],
        id="a new body ends the list"),
    pytest.param(
        "as established by Council resolution 5/1 and recalled in resolution 16/21,", HRC,
        [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="bare resolution belongs to the citing body"),
    pytest.param(
        "at https://undocs.org/A/HRC/56/32 and https://undocs.org/en/A/RES/70/1", HRC,
        [("A/HRC/56/32", None), ("A/RES/70/1", None)], id="symbols in links to the document system"),
])
def test_english_citations(text, document, expected):
    assert cite(text, document) == expected


@pytest.mark.parametrize("text,document", [
    pytest.param("Requests the Secretary-General to report on the implementation of the present "
                 "resolution\n\n2/6\n", GA, id="page marker after the present resolution"),
    pytest.param("Reaffirming the provisions of the aforementioned resolutions and of the above-mentioned "
                 "resolution,", GA, id="above-mentioned resolutions"),
    pytest.param("25-20952 (E)\n*2520952*\nGE.24-19779 (E)   061124 061124\n3/6\n", GA,
                 id="job numbers, barcode and page marker"),
    pytest.param("Welcoming resolution GC(68)/RES/12 of the General Conference of the International Atomic "
                 "Energy Agency,", GA, id="IAEA resolution"),
    pytest.param("UNESCO, Records of the General Conference, Fortieth Session, vol. 1, resolution 37, annex.",
                 GA, id="UNESCO resolution"),
    pytest.param("Recalling League of Arab States resolution 14/221 and UNESCO General Conference "
                 "resolution 41/28,", GA, id="resolutions of other organizations"),
    pytest.param("Taking note of general recommendation No. 36 (2017) on the right of girls and women to "
                 "education,", GA, id="treaty-body general recommendation number is not a Security Council resolution"),
    pytest.param("United Nations, Treaty Series, vol. 999, No. 14668; ibid., vol. 2515, No. 44910.", GA,
                 id="treaty series numbers"),
    pytest.param("as set out in paragraphs 14 to 18, in particular paragraph 16 (c), and in para. 42 (b) "
                 "and article 7 (1)", GA, id="paragraph numbers"),
    pytest.param("held in Doha from 5 to 9 March 2023 and on 21 September 2024", GA, id="dates"),
    pytest.param("See https://www.ohchr.org/sites/default/files/2022/05/annual-report-2022.pdf.", HRC,
                 id="numbers inside a web address"),
    pytest.param("Resolution adopted by the General Assembly on 18 December 2025\n\n80/31. Title\n\n"
                 "A/RES/80/31 Title\n\nthe present resolution 80/31", GA,
                 id="own symbol and own number"),
])
def test_english_non_citations(text, document):
    assert cite(text, document) == []


def test_annexed_resolution_of_another_organization_is_not_cited():
    text = "the regional initiative,3 and\n\n3 A/63/587-S/2008/812, annex, resolution 7/190.\n"
    note = Footnote("3", text.index("3 A/63"), len(text), text.index("3 and"))
    refs = find_references(text, "en", GA, Segmentation(GA, (), (note,)))
    assert [(r.target, r.also) for r in refs] == [("A/63/587", ("S/2008/812",))]


@pytest.mark.parametrize("text,marker_after,expected", [
    pytest.param("the recommendations in the report of the Secretary-General of 12 August 20154 on "
                 "the subject.\n\n4 A/70/305.\n", "20154", ("A/70/305", "2015-08-12"),
                 id="date glued to the footnote call dates the footnote symbol"),
    pytest.param("the Programme of Action adopted by the Conference on 13 September 1994,4 \n\n"
                 "4 A/CONF.171/13 (Part I), chap. I.\n", "1994,4", ("A/CONF.171/13(PartI)", "1994-09-13"),
                 id="date before a comma and the footnote call"),
    pytest.param("the comments of the Advisory Committee thereon,4\n\n4 A/79/7/Add.12.\n", "thereon,4",
                 ("A/79/7/Add.12", None), id="no date before the call"),
])
def test_date_before_footnote_call(text, marker_after, expected):
    call = text.index(marker_after) + len(marker_after) - 1
    start = text.index("\n\n4 ") + 2
    note = Footnote("4", start, len(text), call)
    assert cite(text, GA, footnotes=[note]) == [expected]


def test_list_runs_across_page_furniture():
    text = ("Recalling its resolutions 61/16 of 20 November 2006, 64/2 of 16 November\n\n"
            "A/RES/80/31 Strengthening of the Economic and Social Council\n25-20952 (E)\n2/6\n\n"
            "2009, 66/1 of 19 September 2011 and 72/5 of 13 November 2017,")
    furniture = [(text.index("25-20952"), text.index("2/6") + 3)]
    assert cite(text, GA, furniture=furniture) == [
        ("A/RES/61/16", "2006-11-20"), ("A/RES/64/2", "2009-11-16"),
        ("A/RES/66/1", "2011-09-19"), ("A/RES/72/5", "2017-11-13")]


def test_footnote_in_the_middle_of_a_list_does_not_cut_it():
    text = ("Recalling its resolutions 62/149 of 18 December 2007, 63/168 of\n"
            "1 Resolution 2106 A (XX), annex.\n"
            "18 December 2008 and 65/206 of 21 December 2010,")
    start = text.index("1 Resolution")
    note = Footnote("1", start, text.index("18 December 2008"), None)
    assert cite(text, GA, footnotes=[note]) == [
        ("A/RES/62/149", "2007-12-18"), ("A/RES/63/168", "2008-12-18"),
        ("A/RES/2106(XX)", None), ("A/RES/65/206", "2010-12-21")]


def test_references_come_in_text_order_and_are_deterministic():
    text = ("Recalling Security Council resolution 2250 (2015), its resolution 24/2 and A/HRC/56/32,\n\n"
            "1 A/80/88.")
    note = Footnote("1", text.index("1 A/80"), len(text), None)
    seg = Segmentation(HRC, (), (note,))
    first = find_references(text, "en", HRC, seg)
    assert first == find_references(text, "en", HRC, seg)
    assert [r.start for r in first] == sorted(r.start for r in first)
    assert [r.target for r in first] == ["S/RES/2250(2015)", "A/HRC/RES/24/2", "A/HRC/56/32", "A/80/88"]


def test_citing_body_from_the_symbol_when_the_header_names_none():
    document = DocumentInfo(symbol="A/HRC/RES/58/3", language="en")
    assert cite("Recalling its resolution 24/2,", document) == [("A/HRC/RES/24/2", None)]


@pytest.mark.parametrize("text,expected", [
    pytest.param("Recalling Human Rights Council resolutions 5/1 and 5/2 of 18 June 2007,",
                 [("A/HRC/RES/5/1", "2007-06-18"), ("A/HRC/RES/5/2", "2007-06-18")],
                 id="one date after two resolutions of one session dates both"),
    pytest.param("Recalling General Assembly resolution 60/251 and Council resolutions 5/1 of 18 June 2007,",
                 [("A/RES/60/251", None), ("A/HRC/RES/5/1", "2007-06-18")],
                 id="a date is not shared across a new cue"),
    pytest.param("Recalling its resolutions 60/1 and 5/1 of 18 June 2007,",
                 [("A/HRC/RES/60/1", None), ("A/HRC/RES/5/1", "2007-06-18")],
                 id="a date is not shared across sessions"),
])
def test_shared_date(text, expected):
    assert cite(text, HRC) == expected
