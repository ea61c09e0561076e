"""schemathesis over the gateway's OpenAPI (issue 9, item 9): every operation, with and
without the right token, against a real server on a seeded registry. No 5xx, and every
answer (status, content type, body) must be one the document promises.

Bounded (a fixed number of examples per operation, derandomised) so it runs in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from dargah.app import SERVER_OPTIONS, create_app
from registry.portals import Registry
from registry.records import TokenKind
from tests.live_server import serve_app

EXAMPLES = 8  # per operation, with the right token
EXAMPLES_WITHOUT_TOKEN = 2
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, gateway_builder: Any) -> Iterator[dict]:
    data = gateway_builder(tmp_path_factory.mktemp("fuzz"))
    registry = Registry(data.settings.registry_url)
    _, admin = registry.create_token(TokenKind.ADMIN, label="fuzz")
    _, agency = registry.create_token(TokenKind.AGENCY, agency_id="maliat", label="fuzz")
    registry.close()
    # every wrong token counts as a failed sign-in: let the fuzzer make plenty
    settings_ = data.settings.model_copy(update={"auth_max_failures": 1_000_000})
    with serve_app(create_app(settings_), **SERVER_OPTIONS) as base:
        yield {"base": base, "admin": admin, "agency": agency}


def test_every_operation_answers_as_documented(live: dict) -> None:
    """Each operation in turn (schemathesis' pytest plugin does not load on this pytest)."""
    schema = schemathesis.openapi.from_url(f"{live['base']}/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        headers = {}
        if operation.path.startswith("/api/admin"):
            headers["Authorization"] = f"Bearer {live['admin']}"
        elif operation.path.startswith("/api/agency"):
            headers["Authorization"] = f"Bearer {live['agency']}"

        try:
            _fuzz(operation, headers, EXAMPLES)
            if headers:  # and as a caller without a token: 401s, documented as such
                _fuzz(operation, {}, EXAMPLES_WITHOUT_TOKEN)
        except (Exception, BaseExceptionGroup) as exc:  # collect all: name every broken one
            failures.append(f"{operation.method.upper()} {operation.path}: {_headline(exc)}")
    assert operations >= 15
    assert not failures, "\n\n".join(failures)


def _headline(exc: BaseException) -> str:
    """The failure's kind and the response that showed it (schemathesis' text is long)."""
    text = str(exc)
    if isinstance(exc, BaseExceptionGroup):
        text = "\n".join(str(e) for e in exc.exceptions)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    keep = [ln for ln in lines if ln.startswith(("- ST", "[", "`{", "curl"))] or lines[:3]
    return " | ".join(keep)[:1500]


def _fuzz(operation: Any, headers: dict[str, str], examples: int) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)

    check()


def test_the_document_is_there(live: dict, tmp_path: Path) -> None:
    import httpx

    document = httpx.get(f"{live['base']}/openapi.json", timeout=30).json()
    assert len(document["paths"]) >= 15
