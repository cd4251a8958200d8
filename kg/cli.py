"""The ``kg`` command: each subcommand parses its options and calls one library function."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_STORE = "kg-out"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except BrokenPipeError:
        return 0
    except Exception as error:  # the library's errors carry the file and what to do
        from kg.evaluate import EvalError
        from kg.export import ExportError
        from kg.iri import IriError
        from kg.jsonld import JsonLdError
        from kg.push import PushError
        from kg.query import QueryError
        from kg.store import StoreError

        if isinstance(error, (EvalError, ExportError, IriError, JsonLdError, PushError, QueryError, StoreError, FileNotFoundError)):
            print(f"kg: error: {error}", file=sys.stderr)
            return 2
        if isinstance(error, OSError):  # an output that could not be written: a full disk, say
            print(f"kg: error: {error.filename}: {error.strerror}" if error.filename else f"kg: error: {error}",
                  file=sys.stderr)
            return 1
        raise


class _Parser(argparse.ArgumentParser):
    """A parser whose epilog may be a function, called only when its help is shown (what it
    reads costs imports that no other use of the command should wait for)."""

    def format_help(self) -> str:
        if callable(self.epilog):
            self.epilog = self.epilog()
        return super().format_help()


def _at_least_one(text: str) -> int:
    """A count of processes: a whole number, 1 or more."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"a whole number of processes, 1 or more, was expected: {text!r}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graphs of UN human-rights documents.")
    sub = parser.add_subparsers(metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("extract", help="print what each file says, one JSON object per file")
    p.add_argument("files", nargs="+", metavar="FILE", help="a document: .txt, .md, .html, .pdf or .docx")
    p.add_argument("--format", choices=("jsonl", "table"), default="jsonl",
                   help="a JSON object a line (default), or a table a person reads")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("build", help="build the graph of files and folders into a store, kg.ttl and kg.trig")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="a document, or a folder of them (subfolders too)")
    p.add_argument("--out", default=DEFAULT_STORE, metavar="DIR", help="build folder (default: kg-out)")
    drawn = p.add_mutually_exclusive_group()
    drawn.add_argument("--view", metavar="FILE.html", help="also write the citation view (default: DIR/citations.html)")
    drawn.add_argument("--no-view", action="store_true",
                       help="no citation view, as for a corpus too large to draw (a view drawn before is left as it was)")
    p.add_argument("--jobs", type=_at_least_one, default=1, metavar="N", help="extract and build in N processes (same output)")
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("eval", help="score the extractor against gold files")
    p.add_argument("corpus", help="the folder of documents")
    p.add_argument("gold", help="the folder of gold files, one per document")
    p.set_defaults(handler=cmd_eval)

    p = sub.add_parser("validate", help="check the stored graph against the SHACL shapes, in the store as builds do")
    _store_option(p)
    p.add_argument("--pyshacl", action="store_true",
                   help="run pySHACL, the reference, on the whole graph in memory instead (2.6 GB and"
                        " 108 s for 1,000 documents, where the store takes 137 MB and 1.3 s)")
    p.add_argument("--compiled", action="store_true", help=argparse.SUPPRESS)  # once needed for the default; still taken
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("query", help="run a named query (or a .rq file) on the store")
    p.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="a query of the library (--list), or a .rq file")
    _param_option(p, "a parameter of the query (--describe lists them); * for every value where its default is *")
    _format_option(p)
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--list", action="store_true", help="list the named queries")
    shown.add_argument("--describe", action="store_true",
                       help="say what the query gives, its parameters and its columns, and run nothing")
    _endpoint_options(p)
    _store_option(p)
    p.set_defaults(handler=cmd_query)

    p = sub.add_parser("analyse", help="lineage, most cited and central documents, clusters, actor-by-action matrix",
                       epilog=_analyses_told, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=("lineage", "most-cited", "central", "clusters", "actors"),
                   help="the analysis (below)")
    _param_option(p, "a parameter of the analysis (below)")
    _format_option(p)
    _endpoint_options(p)
    _store_option(p)
    p.set_defaults(handler=cmd_analyse)

    p = sub.add_parser("viz", help="write an interactive HTML view of the graph")
    p.add_argument("--view", choices=("citations", "series", "actors", "mandates"), default="citations",
                   help="citations between documents (default); the lineage of a series; who is asked to do"
                        " what; mandates given and delivered")
    p.add_argument("--focus", metavar="SYMBOL",
                   help="only what is around this document (its canonical symbol); in the actors view, an actor"
                        " too (ohchr, or its name); in the series view, the series of this document")
    p.add_argument("--depth", type=int, metavar="N",
                   help="how many hops from the focus are kept (citations and actors: 1, mandates: 2;"
                        " series: the whole series, and no focus needed)")
    p.add_argument("--lang", default="en", choices=_languages(),
                   help="the language of titles, words and labels, where the graph has them (default: en)")
    p.add_argument("--out", required=True, metavar="FILE.html", help="the page to write")
    _store_option(p)
    p.set_defaults(handler=cmd_viz)

    p = sub.add_parser("push", help="send the stored graphs to a remote triple store (SPARQL Graph Store protocol)")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL endpoint (or its Graph Store URL)")
    p.add_argument("--graph-store", metavar="URL", help="the Graph Store protocol URL, when it is not the endpoint's /store")
    p.add_argument("--user", metavar="U", help="the user name, when the store asks for one")
    p.add_argument("--password", metavar="P", help="or set KG_PASSWORD, which keeps it out of the process list")
    p.add_argument("--force", action="store_true", help="send every graph, even those the store already holds")
    _store_option(p)
    p.set_defaults(handler=cmd_push)

    p = sub.add_parser("export", help="write the stored graph as Turtle, TriG, N-Triples or JSON-LD")
    p.add_argument("--format", choices=("ttl", "trig", "nt", "jsonld"), default="ttl",
                   help="Turtle (default), TriG with a named graph per document, N-Triples or JSON-LD")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", metavar="FILE", help="the file to write")
    group.add_argument("--split", metavar="DIR", help="one Turtle file per document graph")
    _store_option(p)
    p.set_defaults(handler=cmd_export)
    return parser


def _param_option(p: argparse.ArgumentParser, meaning: str) -> None:
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help=f"{meaning}; again for another")


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="a table a person reads (default), CSV, or JSON")


def _languages() -> list[str]:
    from kg.language import LANGUAGE_NAMES

    return sorted(LANGUAGE_NAMES)


def _analyses_told() -> str:
    """Each analysis, what it gives and the parameters it takes, for ``kg analyse --help``."""
    import inspect
    import textwrap

    from kg.analyse import ANALYSES, taken

    lines = ["analyses:"]
    for name, function in ANALYSES.items():
        told = " ".join(inspect.getdoc(function).split("\n\n")[0].split())
        params = [f"--param {key}={default}" for key, default in taken(function).items()]
        if params:
            told += f" Takes {', '.join(params)} ({'the default' if len(params) == 1 else 'the defaults'})."
        lines += textwrap.wrap(told, 78, initial_indent=f"  {name:<12}", subsequent_indent=" " * 14)
    return "\n".join(lines)


def _endpoint_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--endpoint", metavar="URL", help="run on a SPARQL 1.1 endpoint instead of the embedded store")
    p.add_argument("--user", metavar="U", help="the user name, when the endpoint asks for one")
    p.add_argument("--password", metavar="P", help="or set KG_PASSWORD, which keeps it out of the process list")


def _credentials(args) -> tuple[str | None, str | None]:
    import os

    return args.user, args.password if args.password is not None else os.environ.get("KG_PASSWORD")


def _params(items: list[str]) -> dict[str, str]:
    from kg.query import QueryError

    given = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r}: expected KEY=VALUE")
        given[key.strip()] = value
    return given


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", default=DEFAULT_STORE, metavar="DIR", help="build folder holding the store (default: kg-out)")


def cmd_extract(args) -> int:
    from kg.extract import extract_file
    from kg.read import ReadError

    failed = 0
    for path in args.files:
        try:
            extraction = extract_file(path)
        except ReadError as error:
            print(f"kg: error: {error}", file=sys.stderr)
            failed += 1
            continue
        if args.format == "jsonl":
            print(json.dumps(extraction.to_json(), ensure_ascii=False, sort_keys=False))
        else:
            print(_extraction_table(extraction))
    return 1 if failed else 0


def _extraction_table(x) -> str:
    d = x.document
    lines = [f"{x.source.path}: {d.symbol or '?'} ({d.language}, {d.kind or '?'}, {d.body or '?'}, session {d.session}, adopted {d.adopted})"]
    ids = max((len(p.id) for p in x.paragraphs), default=0)
    actions = max((len(p.action or "") for p in x.paragraphs), default=0)
    for p in x.paragraphs:
        lines.append(f"  {p.id:<{ids}}  {p.action or '':<{actions}}  {','.join(p.addressees)}")
    for r in x.references:
        lines.append(f"  ref {r.target or '(unresolved)':<24} {r.date or '':<10} {r.paragraph or '':<6} {' '.join(r.text.split())}")
    for m in x.mandates:
        lines.append(f"  mandate {m.paragraph}: {m.addressee} -> {m.deliverable} {m.relation} session {m.due_session}")
    return "\n".join(line.rstrip() for line in lines)


def cmd_build(args) -> int:
    from kg.corpus import build_corpus
    from kg.progress import TerminalProgress

    progress = TerminalProgress()
    view = None if args.no_view else Path(args.view) if args.view else Path(args.out) / "citations.html"
    try:
        summary = build_corpus(args.sources, args.out, progress=progress, jobs=args.jobs, view=view)
    finally:
        progress.close()
    print(summary.render())
    return 0 if summary.ok else 1


def cmd_eval(args) -> int:
    from kg.evaluate import evaluate, render

    print(render(evaluate(args.corpus, args.gold)))
    return 0


def cmd_validate(args) -> int:
    from kg.export import merged
    from kg.shapes_sparql import validate_store
    from kg.validate import validate

    store = _reading(args.store)
    report = validate(merged(store.to_dataset())) if args.pyshacl else validate_store(store)
    for result in report.results:
        print(f"{result.severity}: {result.focus} {result.path or ''}: {result.message}")
    print(report.summary())
    return 0 if report.conforms else 1


def cmd_query(args) -> int:
    from kg import query

    if args.list:
        for q in query.library():
            print(f"{q.name:<24} {q.title}")
        return 0
    if not args.name:
        raise query.QueryError("name a query (kg query --list shows them) or a .rq file")
    named = query.find(args.name)
    if args.describe:
        print(query.describe(named))
        return 0
    given = _params(args.param)
    if args.endpoint is not None:
        user, password = _credentials(args)
        columns, rows = query.run_remote(args.endpoint, named, given, user=user, password=password)
    else:
        columns, rows = query.run(_reading(args.store), named, given)
    sys.stdout.write(query.render(columns, rows, args.format))
    return 0


def cmd_analyse(args) -> int:
    from kg import analyse, query

    if args.endpoint is not None:
        user, password = _credentials(args)
        select = analyse.endpoint_select(args.endpoint, user=user, password=password)
    else:
        select = _reading(args.store).rows
    columns, rows = analyse.analyse(select, args.what, **_params(args.param))
    sys.stdout.write(query.render(columns, rows, args.format))
    return 0


def cmd_viz(args) -> int:
    try:
        path = _write_view(Path(args.store), Path(args.out), args.lang, args.focus, args.depth, args.view)
    except ValueError as error:  # a view, focus or depth the graph cannot give
        print(f"kg: error: {error}", file=sys.stderr)
        return 2
    print(f"wrote: {path}")
    return 0


def _write_view(store_dir: Path, out: Path, lang: str, focus: str | None, depth: int | None,
                view: str = "citations") -> Path:
    from kg.visualise import write_view

    return write_view(_reading(store_dir).rows, view, out, lang=lang, focus=focus, depth=depth)


def _reading(folder):
    """The store in ``folder``, opened for reading, with a note on standard error when a build
    is changing it or one was cut short (``Store.interrupted``): it may be half-way."""
    from kg.store import Store

    store = Store.open(folder, read_only=True)
    if store.interrupted:
        print(f"kg: note: {folder}: a build is changing this store, or one was cut short; what it "
              "holds may be incomplete until a build ends", file=sys.stderr)
    return store


def cmd_push(args) -> int:
    import os

    from kg.progress import TerminalProgress
    from kg.push import Endpoint, forget_pushes, graph_store_url, push

    if args.force:
        forget_pushes(args.store)
    endpoint = Endpoint(
        graph_store=graph_store_url(args.endpoint, args.graph_store),
        user=args.user,
        password=args.password if args.password is not None else os.environ.get("KG_PASSWORD"),
    )
    progress = TerminalProgress()
    try:
        summary = push(args.store, endpoint, progress=progress)
    finally:
        progress.close()
    print(summary.render())
    return 0


def cmd_export(args) -> int:
    from kg.export import BLOCKS_DIR, store_jsonld, store_ntriples, store_split, store_trig, store_turtle, write_atomic
    from kg.manifest import made_here

    store = _reading(args.store)
    # the build's blocks, unless a build was cut short between a block and its graph
    blocks = None if store.interrupted else Path(args.store) / BLOCKS_DIR
    if args.split:
        written = store_split(store, args.split, blocks=blocks)
        print(f"wrote {len(written)} files to {args.split}")
    elif args.format == "ttl":
        print(f"wrote: {write_atomic(args.out, store_turtle(store, blocks=blocks))}")
    elif args.format == "trig":
        # TriG's blocks are formatted already, with the prefixes of the base and code that wrote them
        blocks = blocks if made_here(Path(args.store)) else None
        print(f"wrote: {write_atomic(args.out, store_trig(store, blocks=blocks))}")
    elif args.format == "nt":
        print(f"wrote: {write_atomic(args.out, store_ntriples(store, blocks))}")
    else:
        print(f"wrote: {write_atomic(args.out, store_jsonld(store, blocks=blocks))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
