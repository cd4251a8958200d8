"""Where the files shipped beside the code live: the ontology and the query library.

In a source checkout (and an editable install) they are the top-level
``ontology/`` and ``queries/`` folders; in a wheel they are packaged under
``kg/ontology`` and ``kg/queries``.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``ontology`` or ``queries``, wherever this installation keeps it."""
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ folder is missing from this installation (looked in {PACKAGE})")


def ontology_file(name: str) -> Path:
    return resource_dir("ontology") / name
