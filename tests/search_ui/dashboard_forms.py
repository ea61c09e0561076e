"""Filling the dashboards' forms as a browser would: every POST carries the page's CSRF token."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "form without a CSRF field"
    return found.group(1)


def login(client: TestClient, token: str) -> httpx.Response:
    form = client.get("/dashboard/login")
    assert form.status_code == 200
    return client.post("/dashboard/login", data={"token": token, "csrf": csrf_of(form.text)})
