"""`openapi.yaml` and `openapi.json` are the spec as written, gzipped for a client that accepts it."""

from __future__ import annotations

import asyncio
import gzip

import httpx
import pytest
import yaml
from conftest import Api

from kcc_mock.http.app import MockApp
from kcc_mock.provider.spec import SPEC_PATH

ADMIN_SPEC_PATH = SPEC_PATH.parent / "admin.yaml"


@pytest.mark.parametrize(("url", "written"), [("/openapi.yaml", SPEC_PATH), ("/_mock/openapi.yaml", ADMIN_SPEC_PATH)])
def test_openapi_yaml_is_the_file_as_written(anonymous: Api, url: str, written: object) -> None:
    path = url if url.startswith("/_mock") else f"/klantinteracties/api/v1{url}"
    response = anonymous.get(f"http://127.0.0.1:8000{path}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.content == SPEC_PATH.read_bytes() if written == SPEC_PATH else ADMIN_SPEC_PATH.read_bytes()
    assert response.headers["content-type"].startswith("text/yaml")


def test_openapi_json_is_the_written_document_with_its_references(anonymous: Api) -> None:
    response = anonymous.get("/openapi.json", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.json() == yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert '"$ref"' in response.text  # not inlined
    assert len(response.content) < SPEC_PATH.stat().st_size


def raw_get(app: MockApp, path: str, encoding: str) -> tuple[dict[str, str], bytes]:
    """Headers and the body bytes as sent (not decoded) for a GET with this Accept-Encoding."""

    async def get() -> tuple[dict[str, str], bytes]:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 123))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client,
            client.stream("GET", path, headers={"Accept-Encoding": encoding}) as response,
        ):
            return dict(response.headers), b"".join([chunk async for chunk in response.aiter_raw()])

    return asyncio.run(get())


@pytest.mark.parametrize("name", ["openapi.yaml", "openapi.json"])
def test_openapi_documents_are_gzipped_when_the_client_accepts_it(app: MockApp, name: str) -> None:
    path = f"/klantinteracties/api/v1/{name}"
    headers, sent = raw_get(app, path, "gzip, deflate")
    plain_headers, plain = raw_get(app, path, "identity")
    assert headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain_headers
    assert headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(sent) == plain
    assert len(sent) < len(plain) / 4
