"""The reusable suites that judge a provider of the Klantinteracties API, by URL and token or in-process.

    client/         the seam to a provider: target (in-process mock or URL), exchanges as evidence,
                    the ledger of what a suite created, seeded test data, the fault-switch hook, options
    deviations/     known deviations of the reference provider, recognised from evidence
    certification/  the F2173 flow, its saga and the standard's rules as a rulebook, with reports
    properties/     property-based tests of the same provider (hypothesis)
    schemathesis/   schemathesis' domain checks, object tracker, stateful data, failure filter, DRF reading
    schemathesis_checks.py  the hooks file schemathesis loads: registers what schemathesis/ defines
    reference_check.py      all three against a real Open Klant, one summary

The suites import `client` and `deviations`, never each other; they import `kcc_mock` only to build
the in-process target, to drive the mock's fault plan, to read the spec and to draw a rule's
exchanges as the mock draws a run (`kcc_mock.observe.diagram`), never its provider core: their
oracles are their own.
"""
