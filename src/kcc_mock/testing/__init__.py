"""Helpers for other projects' tests: the `kcc_mock` pytest fixture and hypothesis strategies.

`standard` holds the standard's rules between fields, written once as the oracle of the
strategies and of the suites in contracts/ (it imports nothing of the package); `strategies`
draws request bodies that pass the spec and those rules (needs the `testing` extra: faker),
`hypothesis_profiles` registers the dev and ci profiles and `pytest_plugin` serves the mock per
session. An edge like the command line: it may import every other subpackage, and nothing in the
package imports it.
"""
