"""schemathesis' hooks for any provider of the Klantinteracties API: domain checks, stateful data, the failure filter.

schemathesis loads `contracts/schemathesis_checks.py` (SCHEMATHESIS_HOOKS), which registers what
these modules define; they know the standard, not the mock, and import schemathesis (the library:
absolute imports), the standard library and the known deviations of the reference.

    transport.py   follow-up requests through schemathesis' transport; reading bodies and uuids
    references.py  the standard's references, cascades and reverse lists; the objects a body shows
    checks.py      the domain checks (created url, relations, cascades, error shape, rejected writes)
    stored.py      what a write can change, read just before it is sent (`RejectedRequestStoresNothing`)
    tracker.py     the objects the run has seen and not seen go (`Known`)
    stateful.py    what a write needs beyond its schema (`StatefulData`, `Fresh`, `complete_write`)
    rejections.py  why valid data may be refused (`SEMANTIC_REJECTIONS`), each rule with its evidence
    evidence.py    the evidence: what the request shows, what follow-up reads show
    rules.py       the standard's rules beyond the schema, as predicates (11-test, hierarchy, ISO codes...)
    drf.py         DRF's input coercion and Django's e-mail and URL validators, to read a body as Open Klant does
    failures.py    the `filter_failure` rules: deviations, limits, rejections, lenient reads, cascades
    run.py         the run-wide state in one object (`Run`), which the hooks file creates
"""
