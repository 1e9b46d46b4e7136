"""The mock provider: the Klantinteracties API as plain Python, driven by the OpenAPI document.

It owns the spec loader, request validation compiled from the spec (`schema_compiler` into
`fields`; `spelling` reads keys as Open Klant's parser does), the per-resource rule tables
(`rules`, `partijen`, `resources`), the in-memory store and its indexes, listing (filters,
pagination, expand), the rendering of records and the operations (`operations`). It imports only
the standard library, PyYAML and itself: no HTTP library, nothing of the other subpackages.
"""
