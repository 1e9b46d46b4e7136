"""Helpers for other projects' tests: the `kcc_mock` pytest fixture and hypothesis strategies.

`strategies` draws request bodies that pass the spec and the standard's rules (needs the
`testing` extra: faker), `hypothesis_profiles` registers the dev and ci profiles and
`pytest_plugin` serves the mock per session. An edge like the command line: it may import
every other subpackage, and nothing in the package imports it.
"""
