"""The seam between the suites and a provider: one client for the in-process mock or a URL.

It owns the target, the exchanges kept as evidence, the ledger of created objects, the seeded test
data, the fault-switch hook and the command-line options that name a provider. It imports no
suite; the suites reach a provider only through it.
"""
