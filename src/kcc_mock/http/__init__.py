"""The HTTP layer: the only part of kcc-mock that knows ASGI, Starlette and Connexion."""
