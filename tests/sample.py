"""A small extraction made by hand, for testing the stages after extraction alone."""
from __future__ import annotations

import hashlib

from kg.records import DocumentInfo, Entity, Extraction, Mandate, Paragraph, Reference, Source

TEXT = (
    "The Human Rights Council,\n\n"
    "Recalling its resolutions 24/2 of 26 September 2013 and 51/12 of 6 October 2022,\n\n"
    "1. Encourages States and local governments to cooperate;\n\n"
    "2. Requests the Office of the High Commissioner to submit a report to the Council "
    "at its sixty-third session;\n\n"
    "(a) First item;\n"
)


def span(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def sample_extraction(title: str = "Local government and human rights", language: str = "en",
                      text: str = TEXT) -> Extraction:
    source = Source("sample.en.txt", text, language, "txt", hashlib.sha256(text.encode()).hexdigest())
    pp1 = span("Recalling its resolutions 24/2 of 26 September 2013 and 51/12 of 6 October 2022,", text)
    op1 = span("1. Encourages States and local governments to cooperate;", text)
    op2 = span("2. Requests the Office", text)[0], span("(a) First item;", text)[1]
    op2a = span("(a) First item;", text)
    r1, r2 = span("24/2", text), span("51/12", text)
    ent = span("local governments", text)
    return Extraction(
        source=source,
        document=DocumentInfo(symbol="A/HRC/RES/57/12", language=language, kind="resolution", body="HRC",
                              session=57, title=title, adopted="2024-10-10", vote="without a vote",
                              agenda_item="3", meeting=47),
        paragraphs=(
            Paragraph("pp1", "preambular", None, *pp1, action="recalls", actions=("recalls",)),
            Paragraph("op1", "operative", 1, *op1, action="encourages", actions=("encourages",),
                      addressees=("states", "local-governments")),
            Paragraph("op2", "operative", 2, *op2, action="requests", actions=("requests",),
                      addressees=("ohchr",)),
            Paragraph("op2.a", "subparagraph", None, *op2a, parent="op2"),
        ),
        references=(
            Reference("A/HRC/RES/24/2", "2013-09-26", "24/2", *r1, paragraph="pp1"),
            Reference("A/HRC/RES/51/12", "2022-10-06", "51/12", *r2, paragraph="pp1"),
        ),
        entities=(Entity("local-governments", "actor", "local governments", *ent, paragraph="op1"),),
        mandates=(Mandate("op2", "ohchr", "report", 63, *op2, due_body="HRC"),),
    )
