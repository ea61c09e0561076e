"""Limits before reading (issue 9, item 5): bodies refused before they are held in memory,
JSON nesting bounded, an over-long query answered with a clear 422 by a real server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from dargah.app import SERVER_OPTIONS, create_app
from registry.portals import Registry
from registry.records import TokenKind
from tests.live_server import serve_app

MB = 1_000_000


@pytest.fixture
def gateway(tmp_path: Path, gateway_builder: Any) -> Iterator[tuple[str, str]]:
    """A real uvicorn server on the gateway; yields (base URL, an agency token)."""
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    _, token = registry.create_token(TokenKind.AGENCY, agency_id="maliat")
    registry.close()
    with serve_app(create_app(data.settings), **SERVER_OPTIONS) as base:
        yield base, token


def test_a_300_mb_catalogue_streamed_without_length_is_cut_off_near_the_limit(gateway) -> None:
    base, token = gateway
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(300):
            sent += MB
            yield b"x" * MB

    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.put("/api/agency/catalogue", content=body(), headers=headers)
    assert response.status_code == 413
    assert "2 MB" in response.json()["detail"] and "مگابایت" in response.json()["detail"]
    assert sent < 30 * MB, f"the server read {sent // MB} MB before refusing"


def test_a_declared_300_mb_body_is_refused_before_it_is_read(gateway) -> None:
    base, token = gateway
    host, port = base.removeprefix("http://").split(":")
    head = (
        "PUT /api/agency/catalogue HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: {300 * MB}\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode() + b"x" * 1000)  # and then nothing more
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413")


def test_small_forms_and_json_get_a_small_limit(gateway) -> None:
    base, _ = gateway
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.post("/dashboard/login", content=b"token=" + b"a" * 1_000_000)
    assert response.status_code == 413


def test_a_catalogue_nested_100000_deep_is_a_clear_422_not_a_server_error(gateway) -> None:
    base, token = gateway
    nested = "[" * 100_000 + "]" * 100_000
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.put("/api/agency/catalogue", content=nested.encode(), headers=headers)
        assert response.status_code == 422
        assert "nested 100000 levels deep" in response.json()["detail"][0]["message"]
        fine = client.put(
            "/api/agency/catalogue",
            content=json.dumps([{"title": "پرداخت مالیات"}]).encode(),
            headers=headers,
        )
        assert fine.status_code == 200


def test_a_100000_character_query_gets_a_422_naming_the_limit(gateway) -> None:
    """httpx refuses URLs this long, so the request is written to the socket by hand."""
    base, _ = gateway
    host, port = base.removeprefix("http://").split(":")
    target = "/api/search?q=" + quote("پ" * 100_000)
    request = f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 422"), head
    problem = json.loads(body)["detail"][0]
    assert problem["parameter"] == "q" and "200" in problem["message_en"]


def test_the_test_client_sees_the_same_limits(tmp_path: Path, gateway_builder: Any) -> None:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    _, token = registry.create_token(TokenKind.AGENCY, agency_id="maliat")
    registry.close()
    with TestClient(create_app(data.settings)) as client:
        response = client.put(
            "/api/agency/catalogue",
            content=b"x" * (3 * MB),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
        )
    assert response.status_code == 413
