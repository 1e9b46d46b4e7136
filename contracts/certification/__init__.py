"""The certification suite: the F2173 flow, its saga and the standard's rules, judged per rule.

Layers (each imports only from those listed before it, and from `contracts.client`):

    rulebook          rules as data (id, title, level, source, check)
    conformance       every response checked against the spec with openapi-core
    context           what a rule's check sees
    rules/            the checks, registered in one place
    engine, results   runs rules against one target and collects the results
    reporting/        results -> certification.md, .html, .xml
    plugin, test_rules  the pytest front end (contracts/conftest.py registers it)
"""
