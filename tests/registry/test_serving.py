"""The web process's cached registry (``registry/serving.py``) never serves a portal once gone.

Its snapshot is reloaded from two threads: a request's and the usage-log writer's
(after each batch it commits). A reload that read the portals before a registrar's
change may be installed after one that read them after it; the next request must
still see the change.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from registry.portals import Registry
from registry.registration import Registration
from registry.serving import ServingRegistry
from registry.store import now


def _portal(portal_id: str) -> Registration:
    return Registration.parse(
        {
            "id": portal_id,
            "agency": f"اداره {portal_id}",
            "homepage": f"https://www.{portal_id}.ir/",
            "allowed_domains": [f"{portal_id}.ir"],
        }
    )


@pytest.fixture
def registries(tmp_path) -> Iterator[tuple[ServingRegistry, Registry]]:
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    registrar = Registry(url)
    registrar.add_portal(_portal("tabriz"))
    registrar.add_portal(_portal("maragheh"))
    serving = ServingRegistry(url)
    serving.start()
    yield serving, registrar
    serving.close()
    registrar.close()


def test_a_reload_that_read_before_an_unregistration_does_not_bring_the_portal_back(
    registries, monkeypatch
) -> None:
    serving, registrar = registries
    assert serving.get_portal("tabriz") is not None
    registrar.log_clicks([("some-service", now())])  # a commit: the next read reloads
    read_link_checks = Registry.link_checks
    interleaved = False

    def link_checks_while_the_registrar_unregisters(self, *args, **kwargs):
        # this reload has read the portals already: before it is installed, the
        # registrar unregisters one and a request on another thread reloads
        nonlocal interleaved
        if not interleaved:
            interleaved = True
            assert registrar.remove_portal("tabriz")
            assert serving.get_portal("tabriz") is None
        return read_link_checks(self, *args, **kwargs)

    monkeypatch.setattr(Registry, "link_checks", link_checks_while_the_registrar_unregisters)
    assert serving.get_portal("maragheh") is not None  # the older reload, installed last
    assert interleaved
    assert serving.get_portal("tabriz") is None
    assert [p.id for p in serving.list_portals()] == ["maragheh"]
