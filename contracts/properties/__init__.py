"""The property suite: generated tests of any Klantinteracties provider (hypothesis + faker).

`pytest contracts/properties [--provider-url URL --token TOKEN]`; without a URL it tests the
in-process mock. Every property is a plain function of a `Subject`, so the toolkit's own tests run
the same properties against planted-bug providers to prove each one can fail.
"""
