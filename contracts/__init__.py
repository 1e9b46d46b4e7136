"""Provider certification suite for the Klantinteracties API: the F2173 flow, its saga and the standard's rules.

Layers (each imports only from those listed before it; ARCHITECTURE.md draws them):

    rulebook, evidence, payloads           rules as data; exchanges as evidence; seeded test data
    faults, asgi_transport                 the fault-switch hook; driving an ASGI app in-process
    target, ledger, conformance            the seam (in-process mock or URL); cleanup; openapi-core
    context                                what a rule's check sees
    rules/                                 the checks, registered in one place
    engine, results                        runs rules against one target and collects the results
    reporting/                             results -> certification.md, .html, .xml
    plugin, conftest, test_rules           the pytest front end
"""
