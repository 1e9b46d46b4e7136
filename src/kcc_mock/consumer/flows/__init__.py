"""Consumer flows as data: flow files (YAML, checked against `flow.schema.json`), the built-in ones, and
how a flow becomes a saga.

`loader` reads and checks a file (errors name the file and the line), `model` is what it builds,
`templates` fills in bodies and queries, `compile` binds a flow to one run's inputs as a saga.
The built-in flows are the `*.yaml` files beside these modules.
"""
