"""The validate stage: the graph checked against the SHACL shapes in ``ontology/shapes.ttl``.

The result is a typed report (severity, focus node, path, message), not a
bare tuple. Warnings do not make a graph non-conforming; violations do.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.resources import ontology_file
from kg.views.text import plural

SEVERITIES = {str(SH.Violation): "violation", str(SH.Warning): "warning", str(SH.Info): "info"}


@dataclass(frozen=True)
class ValidationResult:
    severity: str  # violation, warning, info
    focus: str
    path: str | None
    message: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool  # no violation (warnings allowed)
    results: tuple[ValidationResult, ...]

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "warning")

    def summary(self) -> str:
        state = "conforms" if self.conforms else "does NOT conform"
        return f"{state} ({plural(len(self.violations), 'violation')}, {plural(len(self.warnings), 'warning')})"


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The shapes graph, parsed once per process."""
    graph = Graph()
    graph.parse(ontology_file("shapes.ttl"), format="turtle")
    return graph


def validate(data: Graph) -> ValidationReport:
    """Check ``data`` (all graphs merged) against the shapes.

    >>> validate(Graph()).conforms
    True
    """
    from pyshacl import validate as shacl  # heavy: imported when used

    _, report_graph, _ = shacl(data, shacl_graph=shapes(), inference="none", abort_on_first=False, allow_warnings=True)
    results = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        severity = SEVERITIES.get(str(report_graph.value(node, SH.resultSeverity)), "violation")
        path = report_graph.value(node, SH.resultPath)
        message = report_graph.value(node, SH.resultMessage)
        results.append(ValidationResult(
            severity=severity,
            focus=str(report_graph.value(node, SH.focusNode)),
            path=str(path) if isinstance(path, URIRef) else None,
            message=str(message) if message is not None else "",
        ))
    results.sort(key=lambda r: (r.severity, r.focus, r.path or "", r.message))
    conforms = not any(r.severity == "violation" for r in results)
    return ValidationReport(conforms=conforms, results=tuple(results))
