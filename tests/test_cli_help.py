"""What ``kg`` says of itself: every option told, each query and analysis described."""
import argparse
import inspect
import subprocess
import sys

import pytest

from kg import query
from kg.analyse import ANALYSES
from kg.cli import _parser, main


def commands() -> dict[str, argparse.ArgumentParser]:
    (chooser,) = [action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction)]
    return dict(chooser.choices)


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_argument_of_every_command_is_told(name):
    untold = [action.dest for action in commands()[name]._actions
              if action.help is None or (action.help != argparse.SUPPRESS and not action.help.strip())]
    assert untold == [], f"kg {name}: no help for {untold}"


def test_describe_gives_a_querys_parameters_and_columns_and_runs_nothing(tmp_path, capsys):
    named = query.find("mentions")
    assert main(["query", "mentions", "--describe", "--store", str(tmp_path / "no store")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"mentions: {named.title}\n")
    for parameter in named.parameters:
        assert f"{parameter.name}" in out and parameter.description in out
    assert f"columns: {', '.join(named.columns)}" in out


def test_describe_says_which_parameters_are_required(tmp_path):
    written = tmp_path / "by-session.rq"
    written.write_text("# title: Documents of a session\n# purpose: The documents of one session.\n"
                       "# param session: integer, required -- the session's number\n# columns: doc\n"
                       "SELECT ?doc WHERE { ?doc <https://w3id.org/un-hr-kg/ontology#session> ?session }\n",
                       encoding="utf-8")
    told = query.describe(query.find(str(written)))
    assert "  session  integer, required: the session's number" in told.splitlines()


def test_list_and_describe_are_one_or_the_other(capsys):
    with pytest.raises(SystemExit) as ended:
        main(["query", "mentions", "--list", "--describe"])
    assert ended.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_analyse_help_gives_each_analysis_and_its_parameters(capsys):
    with pytest.raises(SystemExit):
        main(["analyse", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # the lines as wrapped, joined again
    for name, function in ANALYSES.items():
        assert f" {name} " in out
        for parameter in list(inspect.signature(function).parameters.values())[1:]:
            assert f"--param {parameter.name}={parameter.default}" in out


def test_a_language_the_views_do_not_have_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["viz", "--lang", "de", "--out", str(tmp_path / "view.html")])
    assert ended.value.code == 2 and "invalid choice: 'de'" in capsys.readouterr().err
    assert not (tmp_path / "view.html").exists()


def test_the_commands_wait_for_no_analysis_unless_its_help_is_asked():
    """The analyses' help reads kg.analyse, which brings networkx: only ``kg analyse --help`` pays."""
    code = "import sys; from kg.cli import _parser; _parser(); print('networkx' in sys.modules)"
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"
