"""The page at /_mock/ui/: its static files and the JSON it reads, behind the admin API's guard.

The files are hand-written HTML, CSS and JavaScript shipped inside the package (`static/`), read
once when the app is built; nothing is fetched from anywhere else, which the Content-Security-Policy
says to the browser too. The page changes the mock only through the admin API itself (faults,
marks), so it gets that API's validation, errors and token check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kcc_mock.http import problems
from kcc_mock.observe import links, watch
from kcc_mock.observe.journal import Journal
from kcc_mock.observe.runs import History
from kcc_mock.provider.operations import Provider

STATIC = Path(__file__).parent / "static"
PAGE = "/_mock/ui"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_HEADERS = {"Content-Security-Policy": _POLICY, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


class Watched(Protocol):
    """What the page shows: the parts of a served mock (`MockApp` is one)."""

    provider: Provider
    journal: Journal
    history: History


class Page:
    """Serves GET and HEAD below /_mock/ui; everything else goes on to the app."""

    def __init__(self, app: ASGIApp, mock: Watched, static: Path = STATIC) -> None:
        self.app = app
        self.mock = mock
        self.files = {
            path.name: (path.read_bytes(), _TYPES[path.suffix])
            for path in sorted(static.iterdir())
            if path.suffix in _TYPES
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"] if scope["type"] == "http" else ""
        if path != PAGE and not path.startswith(PAGE + "/"):
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            response = _json({"detail": f"Methode {scope['method']} niet toegestaan."}, 405)
            response.headers["Allow"] = "GET, HEAD"
        else:
            response = self._answer(path[len(PAGE) :], scope.get("query_string", b"").decode("latin-1"))
        await response(scope, receive, send)

    def _answer(self, path: str, query: str) -> Response:
        if path == "":
            return RedirectResponse(f"{PAGE}/", status_code=307)
        name = "index.html" if path == "/" else path[1:]
        if name in self.files:
            content, media_type = self.files[name]
            return Response(content, media_type=media_type, headers=_HEADERS)
        if path.startswith("/api/"):
            found = self._data(path[len("/api/") :], "limit=all" not in query.split("&"))
        else:
            found = None
        return _json(found) if found is not None else _json({"detail": "Niet gevonden."}, 404)

    def _data(self, path: str, capped: bool) -> Any:
        """The JSON at /_mock/ui/api/PATH, or None when there is none."""
        store = self.mock.provider.store
        if path == "model":
            return {"operations": sorted(self.mock.provider.spec.operations), "collections": sorted(store.tables)}
        if path == "runs":
            return {"runs": watch.summaries(watch.all_runs(self.mock.journal, self.mock.history), store)}
        if path.startswith("runs/"):
            wanted = path[len("runs/") :]
            run = next((r for r in watch.all_runs(self.mock.journal, self.mock.history) if r.id == wanted), None)
            return watch.detail(run, store) if run is not None else None
        if path == "store":
            return {"collections": watch.collections(store)}
        parts = path.split("/")
        if len(parts) == 2 and parts[0] == "store" and parts[1] in store.tables:
            limit = watch.OBJECTS_SHOWN if capped else len(store.tables[parts[1]])
            return watch.objects(store, parts[1], limit)
        if len(parts) == 3 and parts[0] == "store" and parts[1] in store.tables:
            return links.described(store, parts[1], parts[2])
        return None


def _json(body: Any, status: int = 200) -> Response:
    return Response(
        problems.dumps(body), status_code=status, media_type=problems.JSON, headers={"Cache-Control": "no-store"}
    )
