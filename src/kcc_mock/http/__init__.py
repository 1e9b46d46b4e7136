"""The HTTP layer: the only part of kcc-mock that knows ASGI, Starlette, Connexion and httpx.

It owns the served app (Connexion 3 from the spec plus the admin API), the exchange layer where
the journal records every call and the fault plan's decision is applied, the gateway (content
negotiation, authentication, methods), the handlers that call the provider, Open Klant's error
bodies, the page at /_mock/ui/ (`page`; its hand-written files in `static/`), the uvicorn server,
the saga's httpx client, the reference consumer and verify-consumer's runner.
It may import `provider`, `observe` and `consumer`; only `cli` and `testing` import it.
"""
