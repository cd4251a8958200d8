"""The README opens with the two commands, and CI runs the README's test command."""
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    return [l.strip() for l in lines if l.startswith("    ") and l.strip()][:2]


def test_readme_starts_with_the_two_commands():
    build, test = readme_commands()
    assert "kg build ../shared/corpus" in build
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    _, test = readme_commands()
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8")
