"""Known deviations of the reference provider from its own published spec, as data.

`known` recognises each from one exchange (certification and properties report them apart),
`schemathesis` holds those schemathesis finds and the deployment's limits, and `record` writes
the evidence of each from a real server. It imports `contracts.client` only.
"""
