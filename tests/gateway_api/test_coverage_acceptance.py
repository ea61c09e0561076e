"""Issue 4 acceptance: register a sandbox portal through the API, crawl it, declare its
services plus 3 it lacks — the coverage report shows exactly those 3 missing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from crawlers.runner import run_crawls_in_subprocess
from dargah.app import create_app
from dargah.settings import Settings
from registry.portals import Registry
from registry.records import TokenKind
from sandbox import ground_truth

if TYPE_CHECKING:
    from sandbox import Province

PORTAL = "ostandari-alborz"
LACKING = ["صدور مجوز پرواز پهپاد", "ثبت نام کنکور شبانه", "تمدید گذرنامه زیارتی"]
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "LOG_LEVEL": "WARNING"}


@pytest.mark.slow
def test_coverage_shows_exactly_the_declared_services_the_portal_lacks(
    tmp_path: Path, sandbox_province: Province
) -> None:
    settings = Settings(data_dir=tmp_path, allow_private_addresses=True)
    registry = Registry(settings.registry_url)
    _, admin = registry.create_token(TokenKind.ADMIN)
    registry.close()
    registration = next(r for r in sandbox_province.registrations() if r.id == PORTAL)
    with TestClient(create_app(settings)) as client:
        as_admin = {"Authorization": f"Bearer {admin}"}
        created = client.post(
            "/api/admin/portals", json=registration.model_dump(mode="json"), headers=as_admin
        )
        assert created.status_code == 201, created.text
        job = client.post(f"/api/admin/portals/{PORTAL}/crawl", headers=as_admin).json()
        assert job["status"] == "queued"  # the web process never crawls: the worker would

        registry = Registry(settings.registry_url)
        stored = registry.get_portal(PORTAL)
        registry.close()
        assert stored is not None
        (report,) = run_crawls_in_subprocess(
            [stored],
            timeout=120,
            index_dir=settings.index_dir,
            registry_url=settings.registry_url,
            reports_dir=settings.reports_dir,
            user_agent="DargahTestBot/0.1 (+tests)",
            allow_private_addresses=True,
            retire_after_misses=2,
            log_progress=False,
            settings_overrides=FAST,
        )
        assert report.status.value == "complete", report.summary()

        issued = client.post(f"/api/admin/agencies/{PORTAL}/tokens", headers=as_admin).json()
        as_agency = {"Authorization": f"Bearer {issued['token']}"}
        present = [s.title for s in ground_truth(PORTAL)]
        declared = [{"title": t} for t in [*present[:10], *LACKING, *present[10:]]]
        upload = client.put("/api/agency/catalogue", json=declared, headers=as_agency)
        assert upload.status_code == 200, upload.text

        coverage = client.get("/api/agency/coverage", headers=as_agency).json()
    assert [m["title"] for m in coverage["missing"]] == LACKING
    assert coverage["declared"] == len(present) + 3
    assert coverage["matched"] == len(present)
    assert coverage["percent"] == round(100 * len(present) / (len(present) + 3), 1)
    assert coverage["undeclared"] == []
    assert coverage["runs"][0]["status"] == "complete"
    assert [p["percent"] for p in coverage["history"]] == [coverage["percent"]]
