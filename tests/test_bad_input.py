"""Bad inputs through ``kg build`` in a real process: nothing lost, nothing let in.

One build reads a folder of bad files beside a good corpus file. Each bad file
is either read correctly (it is built, in its language, with its references)
or refused with one line naming the file, what is wrong and what to do; the
good files are built all the same, and the exit code says something failed.
"""
from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic

from documents import encrypt_pdf, make_docx, make_pdf
from kg.corpus import RESULTS_SHOWN, BuildSummary
from kg.iri import Minter
from kg.read import MAX_TEXT_CHARS
from kg.validate import ValidationReport, ValidationResult

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

GOOD = CORPUS / "A-RES-80-230.en.txt"
GOOD_CITES = {"A/80/527", "S/RES/2719(2023)", "A/80/88", "A/80/393"}
SEED_ZH = CORPUS / "A-HRC-RES-57-12.zh.md"
TIMEOUT = 300  # seconds; the builds here take a few each


# --- Making the bad files ------------------------------------------------------


def _corpus_bytes(name: str, codec: str, bom: bytes = b"") -> bytes:
    return bom + (CORPUS / name).read_text(encoding="utf-8").encode(codec)


FRENCH = (
    "Le Conseil des droits de l’homme,\n\n"
    "Rappelant sa résolution 24/2 du 26 septembre 2013 et la résolution 70/1 de l’Assemblée générale,\n\n"
    "1. Prie le Haut-Commissariat des Nations Unies aux droits de l’homme d’établir un rapport ;\n\n"
    "2. Décide de rester saisi de la question.\n"
)
GERMAN = (
    "Der Menschenrechtsrat,\n\n"
    "unter Hinweis auf seine Resolution 24/2 vom 26. September 2013,\n\n"
    "1. ersucht das Amt des Hohen Kommissars, einen Bericht zu erstellen;\n\n"
    "2. beschließt, mit der Angelegenheit befasst zu bleiben.\n"
)
RUSSIAN = "Совет по правам человека, ссылаясь на свою резолюцию 24/2 от 26 сентября 2013 года,\n"
JAPANESE = (
    "人権理事会は、\n\n"
    "2013年9月26日の決議24/2を想起し、\n\n"
    "1. 人権高等弁務官事務所に報告書を作成するよう要請する。\n\n"
    "2. この問題に引き続き取り組むことを決定する。\n"
)


def _docx_with_garbage() -> bytes:
    """A Word package whose document part is not XML."""
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = b"\x00\x17garbage" if item.filename == "word/document.xml" else source.read(item)
            package.writestr(item, data)
    return out.getvalue()


DEEP_BODY = (
    "<p>The Human Rights Council,</p><p>Recalling its resolution 24/2 of 26 September 2013,</p>"
    "<p>1. Decides to remain seized of the matter.</p>"
)
PDF = make_pdf([["The Human Rights Council,", "Recalling its resolution 24/2 of 26 September 2013,"]])


def _fifty_megabytes() -> bytes:
    text = (CORPUS / "A-RES-80-205.en.txt").read_bytes()
    return text * (50_000_000 // len(text) + 1)


# --- The rows --------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A bad input and what the build must make of it."""

    name: str
    make: Callable[[], bytes] | None  # None: named on the command line but not there
    refused: str = ""  # words of its FAILED line; "" when it is read and built
    language: str = ""  # when built: its language ...
    cites: tuple[str, ...] = ()  # ... symbols it cites ...
    phrase: str = ""  # ... and words of a paragraph, proving the text was decoded right
    note: str = ""  # when built: words of its note in the summary
    named: bool = False  # given on the command line rather than found in the folder


ROWS = [
    pytest.param(Bad("empty.txt", lambda: b"", refused="is empty (0 bytes)"), id="empty file"),
    pytest.param(
        Bad("random.txt", lambda: random.Random(7).randbytes(4096), refused="is a binary file"), id="random bytes"
    ),
    pytest.param(
        Bad("image.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(8).randbytes(512),
            refused="is a PNG image"),
        id="PNG named txt",
    ),
    pytest.param(
        Bad("resolution-57-12.gb18030.txt", lambda: _corpus_bytes(SEED_ZH.name, "gb18030"), language="zh",
            cites=("A/HRC/RES/24/2", "A/HRC/RES/51/12"), phrase="地方政府"),
        id="GB18030 Chinese read",
    ),
    pytest.param(
        Bad("resolution-80-4.utf16.txt", lambda: _corpus_bytes("A-RES-80-4.en.txt", "utf-16-le", b"\xff\xfe"),
            language="en", cites=("A/RES/47/19", "A/RES/79/7"), phrase="“the Helms-Burton Act”"),
        id="UTF-16 with BOM read",
    ),
    pytest.param(
        Bad("decision.latin1.txt", lambda: FRENCH.replace("’", "'").encode("latin-1"), language="fr",
            cites=("A/HRC/RES/24/2", "A/RES/70/1"), phrase="Décide de rester saisi"),
        id="Latin-1 French read",
    ),
    pytest.param(
        Bad("decision.cp1252.txt", lambda: FRENCH.encode("cp1252"), language="fr",
            cites=("A/HRC/RES/24/2", "A/RES/70/1"), phrase="droits de l’homme d’établir"),
        id="cp1252 French with curly apostrophes read",
    ),
    pytest.param(
        Bad("utf16-no-bom.txt", lambda: GERMAN.encode("utf-16-le"),
            refused="if it is UTF-16 text without a byte-order mark"),
        id="UTF-16 without BOM refused",
    ),
    pytest.param(
        Bad("cyrillic.txt", lambda: RUSSIAN.encode("cp1251"), refused="is not UTF-8 (invalid byte at offset 0)"),
        id="Windows-1251 refused",
    ),
    pytest.param(
        Bad("truncated.pdf", lambda: PDF[: len(PDF) // 2], refused="is a truncated PDF"),
        id="truncated PDF",
    ),
    pytest.param(
        Bad("encrypted.pdf", lambda: encrypt_pdf(PDF, user_password="secret"),
            refused="is an encrypted PDF that needs a password"),
        id="encrypted PDF",
    ),
    pytest.param(Bad("garbage.docx", _docx_with_garbage, refused="is a corrupt DOCX"), id="DOCX with garbage inside"),
    pytest.param(
        Bad("truncated.docx", lambda: make_docx()[:2000], refused="is a corrupt DOCX (BadZipFile"), id="truncated DOCX"
    ),
    pytest.param(
        Bad("fifty-megabytes.txt", _fifty_megabytes, refused=f"characters of text, more than the {MAX_TEXT_CHARS:,}"),
        id="50 MB text",
    ),
    pytest.param(
        Bad("deep.html", lambda: ("<div>" * 100_000 + DEEP_BODY + "</div>" * 100_000).encode(),
            language="en", cites=("A/HRC/RES/24/2",), phrase="Recalling its resolution 24/2"),
        id="100,000 nested divs",
    ),
    pytest.param(
        Bad("title-only.txt", lambda: b"Local government and human rights\n", language="en",
            note="no paragraphs and no references found"),
        id="a title and no paragraphs",
    ),
    pytest.param(
        Bad("german.txt", lambda: GERMAN.encode(), refused="is in Latin script but not in English, French or Spanish"),
        id="German",
    ),
    pytest.param(Bad("japanese.txt", lambda: JAPANESE.encode(), refused="is in Japanese"), id="Japanese"),
    pytest.param(Bad("notes.doc", lambda: b"The Council decides.", refused="unknown file type '.doc'", named=True),
                 id="unsupported suffix named"),
    pytest.param(Bad("missing.txt", None, refused="file not found", named=True), id="missing file named"),
]
BAD = [row.values[0] for row in ROWS]


# --- Running builds --------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A finished ``kg build``: exit code, output, wall time and peak memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def lines(self, prefix: str) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.startswith(prefix)]


def run_build(sources: list[Path], out: Path) -> Run:
    """``kg build`` in its own process, its peak memory measured by waiting on it alone."""
    command = [sys.executable, "-m", "kg", "build", *map(str, sources), "--out", str(out)]
    out.mkdir(parents=True, exist_ok=True)
    logs = out.parent / f"{out.name}.stdout", out.parent / f"{out.name}.stderr"
    with open(logs[0], "w+b") as stdout, open(logs[1], "w+b") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > TIMEOUT:
                process.kill()
                os.waitpid(process.pid, 0)
                process.returncode = -9
                pytest.fail(f"kg build ran over {TIMEOUT} s: {' '.join(command)}")
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # waited for above, not by Popen
        stdout.seek(0)
        stderr.seek(0)
        # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
        peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
        return Run(process.returncode, stdout.read().decode(), stderr.read().decode(), seconds, peak)


@dataclass(frozen=True)
class Built:
    """The shared build over every bad file and the good one."""

    run: Run
    folder: Path  # where the bad files are
    graph: Graph  # kg.ttl


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("bad-input")
    folder, aside = base / "inbox", base / "aside"
    folder.mkdir()
    aside.mkdir()
    named = []
    for bad in BAD:
        path = (aside if bad.named else folder) / bad.name
        if bad.make is not None:
            path.write_bytes(bad.make())
        if bad.named:
            named.append(path)
    run = run_build([folder, GOOD, *named], base / "out")
    graph = Graph().parse(base / "out" / "kg.ttl", format="turtle")
    return Built(run, folder, graph)


def path_of(built: Built, bad: Bad) -> str:
    return str((built.folder.parent / "aside" if bad.named else built.folder) / bad.name)


PREFIXES = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX cito: <http://purl.org/spar/cito/>
"""
LANGUAGES = PREFIXES + "SELECT ?x WHERE { ?e kg:sourceFile ?file ; dcterms:language ?x }"
CITED = PREFIXES + """SELECT ?x WHERE { ?e kg:sourceFile ?file .
  ?citation a cito:Citation ; prov:wasDerivedFrom ?e ; cito:hasCitedEntity/kg:symbol ?x }"""
TEXTS = PREFIXES + "SELECT ?x WHERE { ?e kg:sourceFile ?file . ?p a kg:Paragraph ; prov:wasDerivedFrom ?e ; kg:text ?x }"


def facts(graph: Graph, name: str) -> tuple[set[str], set[str], list[str]]:
    """Languages, cited symbols and paragraph texts in the graph of the file called ``name``."""
    found = [{str(row.x) for row in graph.query(query, initBindings={"file": Literal(name)})}
             for query in (LANGUAGES, CITED, TEXTS)]
    return found[0], found[1], sorted(found[2])


# --- Per row -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ROWS)
def test_bad_input(built: Built, bad: Bad) -> None:
    path = path_of(built, bad)
    failed = built.run.lines(f"FAILED {path}: ")
    if bad.refused:
        assert len(failed) == 1, built.run.stdout
        line = failed[0]
        assert bad.refused in line
        assert "; " in line.removeprefix(f"FAILED {path}: ")  # what is wrong; what to do
        assert not facts(built.graph, bad.name)[0], "a refused file left triples in kg.ttl"
    else:
        assert failed == [], failed
        languages, cited, texts = facts(built.graph, bad.name)
        assert languages == {bad.language}
        assert set(bad.cites) <= cited
        if bad.phrase:
            assert any(bad.phrase in text for text in texts), texts[:5]
        if bad.note:
            assert any(bad.note in line for line in built.run.lines(f"note: {path}: ")), built.run.stdout


# --- The build as a whole ------------------------------------------------------------

SUMMARY_LINES = ("files: ", "documents in the graph: ", "triples: ", "references: ", "validation: ",
                 "  violation: ", "  warning: ", "  … and ", "FAILED ", "note: ", "removed: ", "store: ", "wrote: ", "unchanged: ")


@pytest.fixture(scope="module")
def good_alone(tmp_path_factory) -> tuple[Run, Path]:
    out = tmp_path_factory.mktemp("good-alone") / "out"
    return run_build([GOOD, SEED_ZH], out), out


def test_all_good_files_exit_zero(good_alone) -> None:
    run, _ = good_alone
    assert run.returncode == 0, run.stdout
    assert run.stdout.startswith("files: 2 given: 2 built, 0 unchanged, 0 failed;"), run.stdout
    assert run.lines("FAILED ") == [] and run.lines("note: ") == []


def test_the_good_file_is_built_beside_the_bad_ones(built: Built, good_alone) -> None:
    languages, cited, _ = facts(built.graph, GOOD.name)
    assert (languages, cited) == ({"en"}, GOOD_CITES)
    assert built.run.lines(f"FAILED {GOOD}") == []
    # Its graph is the one it has when built without them, triple for triple.
    name = Minter.configured().graph("A/RES/80/230", "en")
    beside, alone = (Dataset().parse(out / "kg.trig", format="trig").graph(name)
                     for out in (built.folder.parent / "out", good_alone[1]))
    assert len(alone) > 100
    assert isomorphic(beside, alone)


def test_every_file_is_counted_and_the_exit_code_says_some_failed(built: Built) -> None:
    refused = sum(1 for bad in BAD if bad.refused)
    read = len(BAD) - refused + 1  # and the good file
    assert built.run.returncode == 1, built.run.stdout
    assert built.run.stdout.startswith(
        f"files: {len(BAD) + 1} given: {read} built, 0 unchanged, {refused} failed;"), built.run.stdout
    assert len(built.run.lines("FAILED ")) == refused


def test_no_traceback_and_each_message_on_one_line(built: Built) -> None:
    assert built.run.stderr == ""
    for line in built.run.stdout.splitlines():
        assert line.startswith(SUMMARY_LINES), line


@pytest.mark.parametrize("violations,warnings", [(0, 1), (1, 0), (RESULTS_SHOWN + 2, RESULTS_SHOWN + 1)])
def test_the_summary_shows_the_first_results_of_each_kind_and_where_the_rest_are(violations, warnings) -> None:
    results = [ValidationResult(kind, f"urn:x:{kind}{n}", "urn:x:p", f"{kind} {n}")
               for kind, count in (("violation", violations), ("warning", warnings)) for n in range(count)]
    summary = BuildSummary(Path("out"), (), 0, 0, ValidationReport(violations == 0, tuple(results)))
    lines = summary.render().splitlines()
    assert f"validation: {'conforms' if violations == 0 else 'does NOT conform'}" \
           f" ({violations} violation{'' if violations == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'})" in lines
    for kind, count in (("violation", violations), ("warning", warnings)):
        shown = [line for line in lines if line.startswith(f"  {kind}: ")]
        assert shown == [f"  {kind}: urn:x:{kind}{n} urn:x:p: {kind} {n}" for n in range(min(count, RESULTS_SHOWN))]
        rest = [line for line in lines if line.startswith("  … and ") and f" more {kind}" in line]
        more = count - RESULTS_SHOWN
        assert rest == ([f"  … and {more} more {kind}{'' if more == 1 else 's'}: kg validate --store out lists them all"]
                        if more > 0 else [])
    assert all(line.startswith(SUMMARY_LINES) for line in lines)


def test_the_50_mb_text_is_refused_quickly_in_little_memory(built: Built) -> None:
    # Built as one document, 50 MB of text took ten minutes and 12 GB; refused,
    # the whole build (it holds the 50 MB file) takes seconds and under 300 MB.
    assert built.run.seconds < 60, built.run.seconds
    assert built.run.peak_mb < 1000, built.run.peak_mb


def test_a_second_build_still_reports_the_failures(built: Built) -> None:
    again = run_build([built.folder, GOOD, *(Path(path_of(built, b)) for b in BAD if b.named)],
                      built.folder.parent / "out")
    assert again.returncode == 1
    assert again.lines("FAILED ") == built.run.lines("FAILED ")


def test_a_document_with_no_paragraphs_is_a_note_not_a_failure(tmp_path: Path) -> None:
    # The file is read, in a language kg knows, and what it holds (a title) is
    # in the graph: nothing is lost, so it is not a failure; the note names it
    # so that a body lost in conversion (a PDF whose pages are scans but for
    # the title) does not go unseen.
    title = tmp_path / "title-only.txt"
    title.write_text("Local government and human rights\n", encoding="utf-8")
    run = run_build([title, GOOD], tmp_path / "out")
    assert run.returncode == 0, run.stdout
    assert run.lines(f"note: {title}: no paragraphs and no references found: is this a UN document?")
    assert run.lines("FAILED ") == []
