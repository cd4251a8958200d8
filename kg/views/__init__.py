"""Interactive views of the graph: what each view shows, and the page that draws it.

Each view module turns rows of SPARQL SELECT answers into a frozen ``View``
(``kg.views.model``); ``kg.views.page`` writes any ``View`` as one
self-contained, offline HTML page. The public entry points are re-exported by
``kg.visualise``.

- ``citations``: documents and who cites whom.
- ``series``: the lineage of one series of documents, in order of session.
- ``actors``: who is asked to do what, edges labelled by the verb.
- ``mandates``: what was asked to be delivered, by whom, for which session.
"""
