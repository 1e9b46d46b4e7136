"""Observation and faults: what the mock adds around a provider to test its consumers.

It owns the fault plan (`faults`; its rules' match, effect, trigger and limit in `fault_rules`,
read from a plan file or a header by `fault_parsing`), the journal of exchanges and its HAR
export, the consistency report over the store and the export/import of the store (`snapshot`).
It may import `kcc_mock.provider`, never an HTTP library nor the consumer, testing or http
subpackages: faults are decided here and applied by `kcc_mock.http`.
"""
