"""The OpenAPI documents as written: `openapi.yaml` the file itself, `openapi.json` the same document.

Connexion serves its own copy with every `$ref` inlined (2 MB of JSON, 3.4 MB of YAML from a
252 KB file); these answers are built once, and sent gzipped to a client that accepts it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import yaml
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

_TYPES = {"openapi.yaml": "text/yaml; charset=utf-8", "openapi.json": "application/json"}


class _Document:
    """One document's bytes, plain and gzipped."""

    def __init__(self, content: bytes, media_type: str) -> None:
        self.content = content
        self.gzipped = gzip.compress(content, mtime=0)
        self.media_type = media_type


class SpecDocuments:
    """Answers GET and HEAD of `{base}/openapi.yaml` and `{base}/openapi.json` for each (base, file) given."""

    def __init__(self, app: ASGIApp, specs: dict[str, Path]) -> None:
        self.app = app
        self.documents: dict[str, _Document] = {}
        for base, path in specs.items():
            written = path.read_bytes()
            as_json = json.dumps(yaml.safe_load(written), ensure_ascii=False, separators=(",", ":")).encode()
            self.documents[f"{base}/openapi.yaml"] = _Document(written, _TYPES["openapi.yaml"])
            self.documents[f"{base}/openapi.json"] = _Document(as_json, _TYPES["openapi.json"])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        document = self.documents.get(scope["path"]) if scope["type"] == "http" else None
        if document is None or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        accepts = Headers(scope=scope).get("accept-encoding", "")
        gzipped = "gzip" in {part.split(";")[0].strip().lower() for part in accepts.split(",")}
        headers = {"Vary": "Accept-Encoding", **({"Content-Encoding": "gzip"} if gzipped else {})}
        body = document.gzipped if gzipped else document.content
        await Response(body, media_type=document.media_type, headers=headers)(scope, receive, send)
