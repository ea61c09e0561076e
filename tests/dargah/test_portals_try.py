"""`dargah portals try FILE`: a preview from the terminal that stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from registry.registration import Registration
from sandbox.province import Province
from sandbox.unseen import auto_registration, ground_truth, start_unseen
from tests.dargah.test_cli import dargah


@pytest.fixture(scope="module")
def unseen() -> Iterator[Province]:
    with start_unseen(host_prefix="127.0.9.") as running:
        yield running


def test_try_prints_services_skipped_pages_and_the_inferred_registration(
    tmp_path: Path, unseen: Province
) -> None:
    portal = unseen.portals["behzisti-qazvin"]
    registration = auto_registration(portal.id, portal.origin, portal.agency)
    path = tmp_path / "behzisti.yaml"
    path.write_text(yaml.safe_dump(registration.model_dump(mode="json"), allow_unicode=True))
    data_dir = tmp_path / "var"
    tried = dargah(
        data_dir, "portals", "try", str(path), env={"GATEWAY_ALLOW_PRIVATE_ADDRESSES": "true"}
    )
    assert tried.returncode == 0, tried.stderr
    out = tried.stdout
    truth = ground_truth(portal.id)
    assert f"{len(truth)} service(s)" in out
    assert all(t.title in out.replace("ي", "ی").replace("ك", "ک") for t in truth[:3])
    assert "  - not service: " in out and "  - duplicate of " in out
    inferred = out.split("inferred registration (save it as a file and adjust):\n", 1)[1]
    saved = Registration.parse(
        yaml.safe_load("\n".join(line[2:] for line in inferred.splitlines()))
    )
    assert saved.ignore_query_params == ["CategoryID"]
    assert not data_dir.exists()  # nothing stored


def test_try_names_the_bad_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x-y\nagency: ثبت\nhomepage: ftp://example\n", encoding="utf-8")
    tried = dargah(tmp_path / "var", "portals", "try", str(path))
    assert tried.returncode == 2 and "homepage" in tried.stderr
