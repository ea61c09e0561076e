"""The registry on a real SQLite file: portals, crawl runs, retiring vanished services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from registry.portals import CrawlAlreadyRunning, PortalOverlap, Registry, RegistryError
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus
from registry.schema import portals


def portal(pid: str = "police", **extra: object) -> Registration:
    data = {"id": pid, "agency": "پلیس راهور", "homepage": f"https://{pid}.example.ir/", **extra}
    return Registration.parse(data)


@pytest.fixture
def url(database_url: str) -> str:
    """A SQLite file, and a PostgreSQL database when GATEWAY_TEST_DATABASE_URL is set."""
    return database_url


@pytest.fixture
def registry(url: str) -> Iterator[Registry]:
    reg = Registry(url)
    yield reg
    reg.close()


def test_portal_crud(registry: Registry) -> None:
    assert registry.list_portals() == []
    registry.add_portal(portal("police"))
    registry.add_portal(portal("passport", agency="پلیس گذرنامه"))
    assert registry.get_portal("police") == portal("police")
    assert [p.id for p in registry.list_portals()] == ["passport", "police"]
    assert registry.remove_portal("police") is True
    assert registry.remove_portal("police") is False
    assert registry.get_portal("police") is None


def test_a_stored_registration_that_no_longer_validates_breaks_no_reader(
    registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    """A row stored before a rule existed (or edited by hand) is left out and logged: the
    site, the worker and the dashboards all list the portals, and one such row used to make
    every one of them fail."""
    registry.add_portal(portal("police"))
    registry.add_portal(portal("passport", agency="پلیس گذرنامه"))
    broken = {**portal("passport").model_dump(mode="json"), "homepage": "http://[2001:db8::1]/"}
    with registry._engine.begin() as conn:
        conn.execute(update(portals).where(portals.c.id == "passport").values(document=broken))
    assert [p.id for p in registry.list_portals()] == ["police"]
    assert "'passport' no longer validates" in caplog.text
    assert [p.id for p in registry.agency_portals("police")] == ["police"]


def test_duplicate_is_refused_naming_the_id_and_keeps_the_original(registry: Registry) -> None:
    registry.add_portal(portal("police"))
    changed = portal("police", agency="نام دیگر")
    with pytest.raises(RegistryError, match="'police'"):
        registry.add_portal(changed)
    assert registry.get_portal("police") == portal("police")
    registry.add_portal(changed, replace=True)
    assert registry.get_portal("police") == changed


def test_replace_registers_a_new_portal_too(registry: Registry) -> None:
    registry.add_portal(portal("roads"), replace=True)
    assert registry.get_portal("roads") == portal("roads")


def test_portals_persist_across_processes_sharing_the_file(url: str) -> None:
    first = Registry(url)
    first.add_portal(portal("police", allowed_domains=["police.example.ir", "rahvar120.ir"]))
    first.close()
    second = Registry(url)
    assert second.get_portal("police") == portal(
        "police", allowed_domains=["police.example.ir", "rahvar120.ir"]
    )
    second.close()


def test_portal_for_url_accepts_only_registered_domains(registry: Registry) -> None:
    registry.add_portal(portal("police", allowed_domains=["police.example.ir", "rahvar120.ir"]))
    registry.add_portal(portal("sub", homepage="https://e.police.example.ir/"))
    found = registry.portal_for_url
    assert found("https://police.example.ir/s/1") == registry.get_portal("police")
    assert found("https://WWW.rahvar120.ir/x") == registry.get_portal("police")
    assert found("https://e.police.example.ir/x") == registry.get_portal("sub")  # most specific
    for bad in [
        "https://evilpolice.example.ir/",
        "https://police.example.ir.evil.com/",
        "https://rahvar120.ir@evil.com/",
        "javascript:alert(1)",
        "/relative",
        "",
    ]:
        assert found(bad) is None, bad


def test_portal_for_url_reads_a_host_as_dns_does(registry: Registry) -> None:
    """A trailing dot (the fully qualified form) and a Persian domain name are the host
    domain_allowed matched: the most specific domain is chosen from it, not a ValueError
    (which made /go answer 500)."""
    registry.add_portal(portal("police", allowed_domains=["police.example.ir", "پلیس‌راه.ir"]))
    registry.add_portal(portal("sub", homepage="https://e.police.example.ir/"))
    found = registry.portal_for_url
    assert found("http://police.example.ir./s/3") == registry.get_portal("police")
    assert found("https://E.Police.Example.IR./x") == registry.get_portal("sub")
    assert found("https://پلیس‌راه.ir/s/1") == registry.get_portal("police")
    assert found("https://evil.ir./") is None


def test_runs_round_trip_newest_first(registry: Registry) -> None:
    first = registry.start_run("police")
    second = registry.start_run("roads")
    report = CrawlReport(
        "police",
        status=CrawlStatus.COMPLETE,
        pages_fetched=12,
        services_found=5,
        new=3,
        finish_reason="finished",
    )
    report.error("http_404", "https://police.example.ir/gone")
    registry.finish_run(first, report)
    third = registry.start_run("police")

    runs = registry.runs()
    assert [run_id for run_id, _ in runs] == [third, second, first]
    assert runs[0][1].status is CrawlStatus.RUNNING
    done = dict(registry.runs("police"))[first]
    assert done.status is CrawlStatus.COMPLETE
    assert (done.pages_fetched, done.services_found, done.new) == (12, 5, 3)
    assert done.errors == {"http_404": 1}
    assert done.error_samples == ["http_404 https://police.example.ir/gone"]
    assert done.finished_at is not None and done.finished_at <= datetime.now(UTC)
    assert [r for r, _ in registry.runs("police", limit=1)] == [third]
    assert registry.last_complete_run("police") == done
    assert registry.last_complete_run("roads") is None


def test_a_portal_has_one_running_crawl_at_a_time(url: str) -> None:
    """Two processes (here: two registries on one database) cannot both start a crawl of
    one portal; the refusal names the run that holds it. Other portals are not held."""
    first, second = Registry(url), Registry(url)
    try:
        held = first.start_run("police", host="crawler-1", pid=4242)
        with pytest.raises(CrawlAlreadyRunning) as refused:
            second.start_run("police", host="crawler-2", pid=77)
        message = str(refused.value)
        assert "police" in message and f"run {held}" in message
        assert "process 4242 on crawler-1" in message
        second.start_run("roads", host="crawler-2", pid=77)  # another portal: not held

        first.finish_run(held, CrawlReport("police", status=CrawlStatus.COMPLETE))
        after = second.start_run("police", host="crawler-2", pid=77)
        assert after > held
        assert [run_id for run_id, _ in second.runs("police")] == [after, held]
    finally:
        first.close()
        second.close()


def test_two_overlapping_registrations_sent_at_once_cannot_both_pass(url: str) -> None:
    """Two registrars (two processes: two registries) register portals of overlapping
    domains at the same moment: the check and the insert are one locked transaction, so
    exactly one is stored and the other is refused naming it (red team round 3: both were
    stored in 5 of 10 tries)."""
    import threading

    first, second = Registry(url), Registry(url)
    try:
        for attempt in range(10):
            a = portal(f"a{attempt}", homepage=f"https://race{attempt}.ir/")
            b = portal(f"b{attempt}", homepage=f"https://eservices.race{attempt}.ir/")
            start = threading.Barrier(2)
            outcome: dict[str, str] = {}

            def register(
                registry: Registry,
                reg: Registration,
                start: threading.Barrier = start,
                outcome: dict[str, str] = outcome,
            ) -> None:
                start.wait()
                try:
                    registry.add_portal(reg, refuse_overlaps=True)
                    outcome[reg.id] = "stored"
                except PortalOverlap as exc:
                    outcome[reg.id] = str(exc)

            threads = [
                threading.Thread(target=register, args=(first, a)),
                threading.Thread(target=register, args=(second, b)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            stored = [pid for pid, result in outcome.items() if result == "stored"]
            assert len(stored) == 1, outcome
            [refused] = [result for pid, result in outcome.items() if pid not in stored]
            assert f"portal {stored[0]!r}" in refused
            assert {p.id for p in first.list_portals()} >= set(stored)
    finally:
        first.close()
        second.close()


def test_finishing_an_unknown_run_is_an_error(registry: Registry) -> None:
    with pytest.raises(RegistryError, match="42"):
        registry.finish_run(42, CrawlReport("police"))


def test_service_retires_only_after_consecutive_misses(registry: Registry) -> None:
    indexed = {"a", "b", "c"}
    assert registry.record_misses("p", seen={"a", "b"}, indexed=indexed, retire_after=2) == []
    assert registry.miss_counts("p") == {"c": 1}
    # seen again: the count starts over
    assert registry.record_misses("p", seen={"a", "b", "c"}, indexed=indexed, retire_after=2) == []
    assert registry.miss_counts("p") == {}
    assert registry.record_misses("p", seen={"a"}, indexed=indexed, retire_after=2) == []
    assert registry.record_misses("p", seen={"a"}, indexed=indexed, retire_after=2) == ["b", "c"]
    assert registry.miss_counts("p") == {}  # retired ids are forgotten


def test_a_partial_crawl_counts_only_the_misses_it_is_sure_of(registry: Registry) -> None:
    """``only`` (red team round 8, F09): the services whose page said it is gone get a miss,
    those seen start over, and those the crawl did not reach keep their count."""
    indexed = {"a", "b", "c", "d"}
    registry.record_misses("p", seen={"a"}, indexed=indexed, retire_after=2)
    assert registry.miss_counts("p") == {"b": 1, "c": 1, "d": 1}
    retired = registry.record_misses(
        "p", seen={"a", "d"}, indexed=indexed, retire_after=2, only={"b"}
    )
    assert retired == ["b"]
    assert registry.miss_counts("p") == {"c": 1}  # not reached: kept as it was


def test_misses_are_per_portal_and_immediate_with_one(registry: Registry) -> None:
    registry.record_misses("p", seen=set(), indexed={"x"}, retire_after=3)
    assert registry.record_misses("q", seen=set(), indexed={"x"}, retire_after=1) == ["x"]
    assert registry.miss_counts("p") == {"x": 1}
    registry.remove_portal("p")
    assert registry.miss_counts("p") == {}
    with pytest.raises(RegistryError):
        registry.record_misses("p", seen=set(), indexed=set(), retire_after=0)


def test_many_missing_services(registry: Registry) -> None:
    indexed = {f"s{i}" for i in range(3000)}
    registry.record_misses("p", seen=set(), indexed=indexed, retire_after=2)
    retired = registry.record_misses("p", seen=set(), indexed=indexed, retire_after=2)
    assert set(retired) == indexed


def test_a_link_check_answered_429_is_no_verdict_on_the_link() -> None:
    """A portal that asks to be asked later has not said its page is gone (red team 5, F06)."""
    from datetime import UTC, datetime

    from registry.records import LinkCheck

    def check(error: str) -> LinkCheck:
        return LinkCheck("s1", "p", "https://p.ir/s/1", 429, "", datetime.now(UTC), error)

    assert not check("http_429").broken and not check("http_429").config_problem
    assert check("http_404").broken and check("timeout").broken
