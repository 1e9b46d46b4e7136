"""The property suite: generated tests of any Klantinteracties provider (hypothesis + faker).

`pytest contracts/properties [--provider-url URL --token TOKEN] [--api-version V]`; without a URL it
tests the in-process mock. Every property is a plain function of a `Subject` (and of the `Oracle`
of the API version judged by), so the toolkit's own tests run the same properties against
planted-bug providers to prove each one can fail. The verdicts are the suite's own (`oracle`,
`spec_reader`, `error_book`): it imports nothing of the mock's provider.
"""
