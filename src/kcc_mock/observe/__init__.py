"""Observation and faults: what the mock adds around a provider to test its consumers.

It owns the fault plan (`faults`; its rules' match, effect, trigger and limit in `fault_rules`,
read from a plan file or a header by `fault_parsing`), the journal of exchanges and its HAR
export, the consistency report over the store and the export/import of the store (`snapshot`);
and how people look at it: the journal grouped into consumer runs (`runs`), a run's calls (`sequence`)
drawn as an SVG sequence diagram (`diagram`), the store's objects linked both ways (`links`) and
what the page at /_mock/ui/ shows, as data (`watch`).
It may import `kcc_mock.provider`, never an HTTP library nor the consumer, testing or http
subpackages: faults are decided here and applied by `kcc_mock.http`.
"""
