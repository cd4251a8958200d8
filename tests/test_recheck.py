"""Checks after a change: the focus nodes a change reaches, checked again, give the report of a
run over the whole store, change after random change."""
import pytest

from changes import AS_IF_LARGE, SEEDS, EX, RDF_TYPE, SUBCLASS_OF, changed_rounds, fresh_store, parts
from kg.recheck import most_changes, most_foci, reached, recheck_store
from kg.shapes_sparql import compiled, validate_store
from kg.validate import ValidationReport, ValidationResult


@pytest.mark.parametrize("seed", SEEDS)
def test_rechecking_what_changes_reach_gives_the_report_of_the_whole_store(tmp_path, corpus_graphs, seed):
    rounds = changed_rounds(tmp_path, corpus_graphs, seed)
    last = validate_store(next(rounds))
    seen_results, focused, count = 0, 0, 0
    for store in rounds:
        count += 1
        foci = reached(store, compiled(False), store.changed, most_foci(AS_IF_LARGE))
        if foci is not None:  # None: a literal where a node shape is read (the whole store is checked)
            focused += 1
            assert len(foci) < len({parts(line)[0] for lines in corpus_graphs.values() for line in lines})
        rechecked = recheck_store(store, last, store.changed, AS_IF_LARGE)
        whole = validate_store(store)
        assert rechecked == whole
        seen_results += len(whole.results)
        last = rechecked
    assert seen_results, "the changes must break some checks, or the comparison proves little"
    assert focused >= count // 2, "most rounds must check the focus nodes found, not the whole store"


def test_a_focus_node_out_of_reach_keeps_its_result_from_the_last_report(tmp_path, corpus_graphs):
    # A result of the last report for a node the change does not reach stands, even one the
    # store no longer gives: the report is merged, not worked out again.
    store = fresh_store(tmp_path, corpus_graphs)
    last = validate_store(store)
    name = sorted(corpus_graphs)[0]
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(name, b"\n".join(corpus_graphs[name][1:]))])
    stale = ValidationReport(False, last.results + (ValidationResult("violation", EX + "far-away", EX + "path", "old"),))
    assert EX + "far-away" in {r.focus for r in recheck_store(store, stale, store.changed, AS_IF_LARGE).results}


def test_a_subclass_in_the_store_has_the_whole_store_checked(tmp_path, corpus_graphs):
    store = fresh_store(tmp_path, corpus_graphs)
    last = validate_store(store)
    document_class = b"<https://w3id.org/un-hr-kg/ontology#Document>"
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(EX + "kinds", b"\n".join([
        b" ".join([f"<{EX}Kind>".encode(), SUBCLASS_OF, document_class, b"."]),
        b" ".join([f"<{EX}doc>".encode(), RDF_TYPE, f"<{EX}Kind>".encode(), b"."]),
    ]))])
    rechecked = recheck_store(store, last, store.changed, AS_IF_LARGE)
    assert rechecked == validate_store(store)
    assert EX + "doc" in {r.focus for r in rechecked.results}
    # and when the hierarchy goes, the nodes it typed are checked again as well
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(EX + "kinds", b" ".join([f"<{EX}doc>".encode(), RDF_TYPE, f"<{EX}Kind>".encode(), b"."]))])
    assert reached(store, compiled(False), store.changed, most_foci(AS_IF_LARGE)) is None
    again = recheck_store(store, rechecked, store.changed, AS_IF_LARGE)
    assert again == validate_store(store)
    assert EX + "doc" not in {r.focus for r in again.results}
