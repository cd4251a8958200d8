"""The evaluate stage: references extracted from a corpus, scored against gold files.

Scoring follows the gold files' README: per file, the set of distinct cited
targets. A predicted target matches a gold reference when, spaces removed and
part letters dropped ("A/RES/49/75 K" is A/RES/49/75), it equals the gold
target or one of its ``any_of``, or when a dual symbol on either side
(``also``) does. Gold references marked ``ambiguous`` are left out of the
expected set. Totals are micro-averaged over all files. Date accuracy is the
share of matched gold references whose date (ISO, or none) equals the first
date extracted for the matching target.

Corpus file ``X.en.txt`` pairs with gold file ``X.en.json``.

When the extractor gives whole extractions (the default pipeline does), the
structure of resolutions and decisions is scored too: paragraph counts,
actions, addressees and mandates (``kg.evaluate_structure``). ``render``
prints that block before the reference totals, which stay the last three lines.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from kg.evaluate_structure import StructureReport, failed_structure, has_structure, render_structure, score_structure
from kg.records import Extraction, Reference

# A part letter after a resolution number: "A/RES/49/75K", "A/RES/2200A(XXI)".
_PART_LETTER = re.compile(r"(/\d+)[A-Z](?=\(|$)")


class EvalError(ValueError):
    """The corpus or gold folder is missing, or holds no gold file."""


@dataclass(frozen=True)
class DateError:
    """A matched target whose extracted date differs from the gold date."""

    target: str
    expected: str | None
    found: str | None


@dataclass(frozen=True)
class FileScore:
    """The score of one corpus file against its gold file."""

    file: str
    expected: int  # gold references, ambiguous ones left out
    predicted: int  # distinct targets extracted
    matched_expected: int  # gold references found
    matched_predicted: int  # extracted targets that are in the gold
    missed: tuple[str, ...]
    extra: tuple[str, ...]
    dates_checked: int
    dates_correct: int
    date_errors: tuple[DateError, ...] = ()
    error: str | None = None  # why the file could not be read or extracted

    @property
    def precision(self) -> float:
        return _ratio(self.matched_predicted, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched_expected, self.expected)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def date_accuracy(self) -> float:
        return _ratio(self.dates_correct, self.dates_checked)


@dataclass(frozen=True)
class EvalReport:
    """Scores of every file, and their micro-averaged totals; the structure scores
    when the extractor gave whole extractions."""

    files: tuple[FileScore, ...]
    structure: StructureReport | None = None

    @property
    def expected(self) -> int:
        return sum(f.expected for f in self.files)

    @property
    def predicted(self) -> int:
        return sum(f.predicted for f in self.files)

    @property
    def precision(self) -> float:
        return _ratio(sum(f.matched_predicted for f in self.files), self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(sum(f.matched_expected for f in self.files), self.expected)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def dates_checked(self) -> int:
        return sum(f.dates_checked for f in self.files)

    @property
    def dates_correct(self) -> int:
        return sum(f.dates_correct for f in self.files)

    @property
    def date_accuracy(self) -> float:
        return _ratio(self.dates_correct, self.dates_checked)

    @property
    def failed(self) -> tuple[FileScore, ...]:
        return tuple(f for f in self.files if f.error)


Extractor = Callable[[Path], "Extraction | Iterable[Reference]"]


def evaluate(corpus_dir, gold_dir, extractor: Extractor | None = None) -> EvalReport:
    """Score the references extracted from every corpus file that has a gold file.

    ``extractor`` maps a corpus path to its extraction, or to its references
    alone; by default the whole pipeline runs (``kg.extract.extract_file``) and
    the structure is scored too. A file that cannot be read or extracted is
    reported with its error and scored as all missed; a gold file that is not
    a JSON object is reported with its error and scores nothing. A missing
    folder, or a gold folder with no ``*.json``, is an ``EvalError``: there
    would be nothing to score.

    >>> report = evaluate("../shared/corpus", "../shared/gold")  # doctest: +SKIP
    >>> round(report.f1, 2)                                       # doctest: +SKIP
    1.0
    """
    corpus_dir, gold_dir = Path(corpus_dir), Path(gold_dir)
    for folder, what in ((corpus_dir, "the corpus"), (gold_dir, "the gold files")):
        if not folder.is_dir():
            raise EvalError(f"{folder}: no such folder (expected {what})")
    gold_paths = sorted(gold_dir.glob("*.json"))
    if not gold_paths:
        raise EvalError(f"{gold_dir}: no gold files here (NAME.LANG.json, one per corpus file)")
    extractor = extractor or _pipeline
    by_stem = {p.stem: p for p in sorted(corpus_dir.iterdir()) if p.is_file()}
    scores, structure = [], []
    whole = extractor is _pipeline  # a custom extractor shows whether it gives extractions
    for gold_path in gold_paths:
        gold, problem = _read_gold(gold_path)
        if problem:
            scores.append(_failed(gold_path.name, [], problem))
            continue
        expected = [r for r in gold.get("references", []) if not r.get("ambiguous")]
        corpus_path = by_stem.get(gold_path.stem)
        name = corpus_path.name if corpus_path else gold_path.stem
        error = None if corpus_path else f"no corpus file {gold_path.stem}.* in {corpus_dir}"
        found = None
        if corpus_path is not None:
            try:
                found = extractor(corpus_path)
            except Exception as failure:  # noqa: BLE001 - one bad file must not stop the run
                error = f"{type(failure).__name__}: {failure}"
        if isinstance(found, Extraction):
            whole = True
        if error is not None:
            scores.append(_failed(name, expected, error))
            if has_structure(gold):
                structure.append(failed_structure(name, gold, error))
            continue
        references = found.references if isinstance(found, Extraction) else list(found)
        scores.append(score_file(name, expected, references))
        if isinstance(found, Extraction) and has_structure(gold):
            structure.append(score_structure(name, gold, found))
    return EvalReport(files=tuple(scores), structure=StructureReport(tuple(structure)) if whole else None)


def score_file(name: str, expected: list[dict], found: Iterable[Reference]) -> FileScore:
    """Score one file's references against its gold references (dicts with
    ``target``, ``date``, optional ``any_of`` and ``also``)."""
    predicted: dict[str, tuple[set[str], str | None]] = {}
    for ref in found:
        if not ref.target:
            continue
        keys, date = predicted.get(ref.target, (set(), None))
        keys |= {_key(ref.target), *(_key(a) for a in ref.also)}
        predicted[ref.target] = (keys, date or ref.date)
    gold_keys = [
        {_key(g["target"]), *(_key(a) for a in g.get("any_of", ())), *(_key(a) for a in g.get("also", ()))}
        for g in expected
    ]
    matched_predicted = sum(1 for keys, _ in predicted.values() if any(keys & gk for gk in gold_keys))
    missed, errors = [], []
    matched_expected = correct = 0
    for g, gk in zip(expected, gold_keys):
        hits = [(target, date) for target, (keys, date) in sorted(predicted.items()) if keys & gk]
        if not hits:
            missed.append(g["target"])
            continue
        matched_expected += 1
        dates = [date for _, date in hits if date]
        found_date = dates[0] if dates else None
        if found_date == g.get("date"):
            correct += 1
        else:
            errors.append(DateError(g["target"], g.get("date"), found_date))
    extra = sorted(t for t, (keys, _) in predicted.items() if not any(keys & gk for gk in gold_keys))
    return FileScore(
        file=name,
        expected=len(expected),
        predicted=len(predicted),
        matched_expected=matched_expected,
        matched_predicted=matched_predicted,
        missed=tuple(missed),
        extra=tuple(extra),
        dates_checked=matched_expected,
        dates_correct=correct,
        date_errors=tuple(errors),
    )


def render(report: EvalReport) -> str:
    """The report as text: one line per file, its misses, extras and wrong
    dates indented below it, the structure block when there is one, then the
    reference totals in the last three lines."""
    lines = []
    for f in report.files:
        if f.error and not f.expected:  # a gold file that could not be read: nothing to score
            lines.append(f"{f.file:<34} not scored")
        else:
            lines.append(
                f"{f.file:<34} P {f.precision:.3f}  R {f.recall:.3f}  F1 {f.f1:.3f}  "
                f"dates {f.dates_correct}/{f.dates_checked}  ({f.expected} expected, {f.predicted} found)"
            )
        if f.error:
            lines.append(f"    error: {f.error}")
        if f.missed:
            lines.append("    missed: " + ", ".join(f.missed))
        if f.extra:
            lines.append("    extra:  " + ", ".join(f.extra))
        for e in f.date_errors:
            lines.append(f"    date:   {e.target} expected {e.expected or 'none'}, found {e.found or 'none'}")
    if report.structure is not None:
        lines.extend(render_structure(report.structure))
    lines.append(
        f"total: {len(report.files)} files, {len(report.failed)} failed, "
        f"{report.expected} expected, {report.predicted} found"
    )
    lines.append(f"micro precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}")
    lines.append(f"date accuracy {report.date_accuracy:.3f} ({report.dates_correct}/{report.dates_checked} matched targets)")
    return "\n".join(lines)


def _read_gold(path: Path) -> tuple[dict, str | None]:
    """A gold file's object, or what is wrong with the file."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        return {}, f"gold file {path}: not UTF-8 text ({error.reason} at byte {error.start})"
    except json.JSONDecodeError as error:
        return {}, f"gold file {path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
    except OSError as error:
        return {}, f"gold file {path}: cannot be read ({error.strerror})"
    references = gold.get("references", []) if isinstance(gold, dict) else None
    if not isinstance(references, list):
        return {}, f"gold file {path}: not a JSON object with a list of references"
    for number, reference in enumerate(references, start=1):
        if not isinstance(reference, dict) or not isinstance(reference.get("target"), str):
            return {}, f"gold file {path}: reference {number} has no target (a symbol, as a string)"
    return gold, None


def _pipeline(path: Path) -> Extraction:
    from kg.extract import extract_file

    return extract_file(str(path))


def _failed(name: str, expected: list[dict], error: str) -> FileScore:
    return FileScore(
        file=name, expected=len(expected), predicted=0, matched_expected=0, matched_predicted=0,
        missed=tuple(g["target"] for g in expected), extra=(), dates_checked=0, dates_correct=0,
        error=error,
    )


def _key(symbol: str) -> str:
    return _PART_LETTER.sub(r"\1", "".join(symbol.split()))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
