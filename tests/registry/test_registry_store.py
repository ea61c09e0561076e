"""The issue-4 registry on real databases: migrations, tokens, sessions, audit, queue, logs."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from registry import migrate
from registry.access import AccessError, digest
from registry.feedback import ReportKind
from registry.portals import Registry
from registry.records import DeclaredService, JobKind, JobStatus, LinkCheck, TokenKind
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

SKELETON_SCHEMA = """
CREATE TABLE portals (id VARCHAR(64) PRIMARY KEY, agency VARCHAR(200) NOT NULL,
  document JSON NOT NULL, registered_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE crawl_runs (id INTEGER PRIMARY KEY, portal_id VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL, started_at DATETIME NOT NULL, finished_at DATETIME,
  report JSON NOT NULL);
CREATE TABLE service_misses (portal_id VARCHAR(64), service_id VARCHAR(64), count INTEGER NOT NULL,
  PRIMARY KEY (portal_id, service_id));
"""


def portal(pid: str, agency: str = "آبفا") -> Registration:
    return Registration.parse({"id": pid, "agency": agency, "homepage": f"https://{pid}.ir/"})


@pytest.fixture
def registry(database_url: str) -> Iterator[Registry]:
    reg = Registry(database_url)
    yield reg
    reg.close()


def test_a_skeleton_registry_is_upgraded_keeping_its_portals(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(SKELETON_SCHEMA)
        doc = portal("abfa").model_dump_json()
        conn.execute(
            "INSERT INTO portals VALUES ('abfa', 'آبفا', ?, '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00')",
            (doc,),
        )
    registry = Registry(f"sqlite:///{path}")
    try:
        assert registry.get_portal("abfa") == portal("abfa")
        assert [(a.id, a.portal_ids) for a in registry.agencies()] == [("abfa", ("abfa",))]
        assert migrate.current(registry._engine) == migrate.head()
    finally:
        registry.close()


def test_opening_twice_is_a_no_op(database_url: str) -> None:
    first = Registry(database_url)
    first.add_portal(portal("abfa"))
    first.close()
    again = Registry(database_url)
    assert [p.id for p in again.list_portals()] == ["abfa"]
    again.close()


def test_portals_belong_to_an_agency(registry: Registry) -> None:
    registry.add_portal(portal("police-main", "پلیس"), agency_id="police")
    registry.add_portal(portal("police-pass", "پلیس"), agency_id="police")
    registry.add_portal(portal("abfa"))
    registry.add_portal(portal("abfa", "آبفای البرز"), replace=True)  # keeps its agency
    assert [(a.id, a.portal_ids) for a in registry.agencies()] == [
        ("abfa", ("abfa",)),
        ("police", ("police-main", "police-pass")),
    ]
    assert [p.id for p in registry.agency_portals("police")] == ["police-main", "police-pass"]
    assert registry.portal_agency("abfa") == "abfa"


def test_tokens_authenticate_until_revoked_and_are_stored_hashed(
    registry: Registry, database_url: str
) -> None:
    registry.add_portal(portal("abfa"))
    _admin, admin_secret = registry.create_token(TokenKind.ADMIN, label="ict")
    agency, agency_secret = registry.create_token(TokenKind.AGENCY, agency_id="abfa")
    assert admin_secret != agency_secret and len(admin_secret) > 40
    assert registry.authenticate(admin_secret).kind is TokenKind.ADMIN  # type: ignore[union-attr]
    found = registry.authenticate(agency_secret)
    assert found is not None and found.agency_id == "abfa" and found.token_id == agency.id
    for wrong in ("", "x", admin_secret + "x", admin_secret[:-1], "dargah_" + "A" * 43):
        assert registry.authenticate(wrong) is None
    assert registry.revoke_token(agency.id) is True
    assert registry.revoke_token(agency.id) is False
    assert registry.authenticate(agency_secret) is None
    assert registry.authenticate(admin_secret) is not None
    if database_url.startswith("sqlite"):
        raw = Path(database_url.removeprefix("sqlite:///")).read_bytes()
        assert admin_secret.encode() not in raw and agency_secret.encode() not in raw


def test_an_agency_token_needs_a_known_agency(registry: Registry) -> None:
    with pytest.raises(AccessError, match="'ghost'"):
        registry.create_token(TokenKind.AGENCY, agency_id="ghost")


def test_sessions_end_with_expiry_logout_or_revocation(registry: Registry) -> None:
    info, secret = registry.create_token(TokenKind.ADMIN)
    who = registry.authenticate(secret)
    assert who is not None
    live = registry.create_session(who, timedelta(hours=1))
    expired = registry.create_session(who, timedelta(seconds=-1))
    assert registry.session_principal(live) == who
    assert registry.session_principal(expired) is None
    assert registry.session_principal(secret) is None  # a token is not a session
    other = registry.create_session(who, timedelta(hours=1))
    registry.end_session(live)
    assert registry.session_principal(live) is None
    registry.revoke_token(info.id)
    assert registry.session_principal(other) is None


def test_audit_log_redacts_anything_that_looks_like_a_token(registry: Registry) -> None:
    _info, secret = registry.create_token(TokenKind.ADMIN)
    registry.audit("admin:1", "token.issue", "token:1", {"note": f"oops {secret}", "n": [secret]})
    entry = registry.audit_log()[0]
    assert (entry.actor, entry.action, entry.target) == ("admin:1", "token.issue", "token:1")
    assert secret not in repr(entry)
    assert entry.detail == {"note": "[redacted]", "n": ["[redacted]"]}


def test_job_queue_dedupes_claims_oldest_first_and_finishes(registry: Registry) -> None:
    first = registry.enqueue_job("abfa", "admin:1")
    assert registry.enqueue_job("abfa", "agency:abfa:2").id == first.id  # already queued
    second = registry.enqueue_job("tax", "schedule")
    purge = registry.enqueue_job("abfa", "admin:1", JobKind.PURGE)
    claimed = registry.claim_job([JobKind.CRAWL])
    assert claimed is not None and claimed.id == first.id
    assert claimed.status is JobStatus.RUNNING and claimed.started_at is not None
    assert registry.enqueue_job("abfa", "admin:1").id != first.id  # running: a new one queues
    registry.finish_job(first.id, ok=False, error="portal down", run_id=7)
    done = registry.jobs("abfa", status=JobStatus.FAILED)
    assert [(j.id, j.error, j.run_id) for j in done] == [(first.id, "portal down", 7)]
    nxt = registry.claim_job()
    assert nxt is not None and nxt.id == second.id
    assert registry.requeue_stale_jobs(timedelta(seconds=-1)) == 1
    assert registry.claim_job([JobKind.PURGE]) == registry.jobs("abfa", status=JobStatus.RUNNING)[0]
    assert purge.kind is JobKind.PURGE


def test_a_job_whose_worker_is_silent_is_queued_again(registry: Registry) -> None:
    alive = registry.enqueue_job("abfa", "admin:1")
    dead = registry.enqueue_job("tax", "admin:1")
    assert registry.claim_job() == registry.jobs("abfa")[0]
    assert registry.claim_job() == registry.jobs("tax")[0]
    time.sleep(1.1)
    registry.keep_jobs_alive([alive.id])
    assert registry.requeue_stale_jobs(timedelta(seconds=1)) == 1
    assert [j.status for j in registry.jobs("abfa")] == [JobStatus.RUNNING]
    [again] = registry.jobs("tax")
    assert (again.id, again.status, again.started_at) == (dead.id, JobStatus.QUEUED, None)
    claimed = registry.claim_job()  # by the next worker, silent for no time yet
    assert claimed is not None and claimed.id == dead.id
    assert registry.requeue_stale_jobs(timedelta(seconds=1)) == 0


def test_link_checks_keep_the_latest_per_service(registry: Registry) -> None:
    at = datetime(2026, 5, 1, tzinfo=UTC)
    ok = LinkCheck("s1", "abfa", "https://abfa.ir/a", 200, "", at)
    bad = LinkCheck("s2", "abfa", "https://abfa.ir/b", 404, "", at, "http_404")
    registry.record_link_checks([ok, bad])
    fixed = LinkCheck("s2", "abfa", "https://abfa.ir/b", 200, "", at + timedelta(days=1))
    registry.record_link_checks([fixed])
    assert registry.link_check("s2") == fixed
    assert registry.link_checks("abfa", broken_only=True) == []
    registry.record_link_checks([bad])
    assert registry.link_checks("abfa", broken_only=True) == [bad]
    registry.forget_link_checks(["s1", "s2"])
    assert registry.link_checks() == []


def test_broken_links_of_a_page_of_results(registry: Registry) -> None:
    at = datetime(2026, 5, 1, tzinfo=UTC)
    ok = LinkCheck("s1", "abfa", "https://abfa.ir/a", 200, "", at)
    gone = LinkCheck("s2", "abfa", "https://abfa.ir/b", 404, "", at, "http_404")
    down = LinkCheck("s3", "abfa", "https://abfa.ir/c", None, "", at, "timeout")
    elsewhere = LinkCheck("s4", "abfa", "https://abfa.ir/d", 404, "", at, "http_404")
    registry.record_link_checks([ok, gone, down, elsewhere])
    # unchecked (s9) and fine (s1) are not broken; s4 was not asked about
    assert registry.broken_links(["s1", "s2", "s3", "s9", "s2"]) == {"s2": gone, "s3": down}
    assert registry.broken_links([]) == {}
    many = [f"x{i}" for i in range(1200)] + ["s4"]  # more ids than one IN (...) takes
    assert registry.broken_links(many) == {"s4": elsewhere}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("گواهينامه  رانندگي", "گواهینامه رانندگی"),
        ("استعلام کد ملی 0012345678", "استعلام کد ملی #"),
        ("پیگیری ۰۹۱۲۳۴۵۶۷۸۹", "پیگیری #"),
        ("عوارض 1404", "عوارض ۱۴۰۴"),
        # numbers as citizens write them: card and phone numbers in groups (red team 11 F04)
        ("پیگیری کارت ۶۰۳۷-۹۹۷۱-۲۳۴۵-۶۷۸۹", "پیگیری کارت #"),
        ("ثبت کارت 6037 9971 2345 6789", "ثبت کارت #"),
        ("استعلام شماره ۰۹۱۲ ۳۴۵ ۶۷۸۹", "استعلام شماره #"),
        ("کد ملی ۰۰۱-۲۳۴۵۶۷-۸", "کد ملی #"),
        ("کمیسیون ماده ۱۰۰ بند ۲", "کمیسیون ماده ۱۰۰ بند ۲"),  # short numbers are kept
        ("نوبت ۱۴۰۳/۰۵/۱۲", "نوبت ۱۴۰۳/۰۵/۱۲"),  # a date is not personal
        # other separators citizens and word processors use (red team 13 F05)
        ("پیگیری ۰۹۱۲ - ۳۴۵ - ۶۷۸۹", "پیگیری #"),
        ("کارت ۶۰۳۷ - ۹۹۷۱ - ۲۳۴۵ - ۶۷۸۹", "کارت #"),
        ("کد ملی ۰۰۱.۲۳۴.۵۶۷۸", "کد ملی #"),
        ("کارت ۶۰۳۷/۹۹۷۱/۲۳۴۵/۶۷۸۹", "کارت #"),
        ("پیگیری ۰۹۱۲ – ۳۴۵ – ۶۷۸۹", "پیگیری #"),
        ("پیگیری 0912_345_6789", "پیگیری #"),
        ("پیگیری ۰۹۱۲،۳۴۵،۶۷۸۹", "پیگیری #"),
        ("پیگیری ٠٩١٢ — ٣٤٥ — ٦٧٨٩", "پیگیری #"),
        ("نوبت ۱۴۰۳/۰۵/۱۲/۶۷۸۹", "نوبت #"),  # a date has three parts, not four
        # digits of any script, full-width ones; invisible and Persian separators (rt14 F07)
        ("پیگیری پروانه کد ملی ００１２３４５６７８", "پیگیری پروانه کد ملی #"),
        ("کارت ６０３７－９９７１－２３４５－６７８９", "کارت #"),
        ("کد ملی ۰۰۱\u200c۲۳۴\u200c۵۶۷۸", "کد ملی #"),
        ("پیگیری ۰۹۱۲ ـ ۳۴۵ ـ ۶۷۸۹", "پیگیری #"),
        ("پیگیری \u200f۰۹۱۲\u200f-\u200f۳۴۵\u200f-\u200f۶۷۸۹", "پیگیری #"),
        ("کد ملی ০০১২৩৪৫৬৭৮", "کد ملی #"),  # Bengali digits: Unicode decimal digits too
        ("نوبت ۱۴۰۳/۰۵/۱۲ ساعت ۱۰", "نوبت ۱۴۰۳/۰۵/۱۲ ساعت ۱۰"),
    ],
)
def test_query_log_keeps_normalised_text_without_personal_numbers(
    registry: Registry, typed: str, stored: str
) -> None:
    registry.log_query(typed, 0)
    assert registry.zero_result_queries(datetime.now(UTC) - timedelta(minutes=1)) == [(stored, 1)]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("جواب ندادند، کد ملی من ۰۰۱\u200c۲۳۴\u200c۵۶۷۸", "جواب ندادند، کد ملی من #"),
        ("جواب ندادند، کد ملی من ۰۹۱۲ ـ ۳۴۵ ـ ۶۷۸۹", "جواب ندادند، کد ملی من #"),
        ("شماره من ００１２３４５６７８ است", "شماره من # است"),
        ("کارت \u202b۶۰۳۷\u202c ۹۹۷۱ ۲۳۴۵ ۶۷۸۹ لطفاً", "کارت # لطفاً"),
        # the rest is kept as the citizen wrote it: the half-space, Arabic letters, a date
        ("می\u200cخواهم نوبت ۱۴۰۳/۰۵/۱۲ را عوض كنم", "می\u200cخواهم نوبت ۱۴۰۳/۰۵/۱۲ را عوض كنم"),
        ("ماده ١٠٠ بند ２ ـ ３", "ماده ١٠٠ بند ２ ـ ３"),  # short numbers, as written
    ],
)
def test_feedback_comments_keep_no_personal_numbers(
    registry: Registry, typed: str, stored: str
) -> None:
    """Red team 14 F07: comments are masked as typed, not normalised, so the mask must see
    through a half-space, a tatweel, bidi marks and full-width digits by itself."""
    from gateway_api.feedback import clean_comment

    registry.add_rating("svc", "portal", "agency", 4, clean_comment(typed))
    registry.add_report("svc", "portal", "agency", ReportKind.WRONG_INFO, clean_comment(typed))
    assert [r.comment for r in registry.ratings("agency")] == [stored]
    assert [r.comment for r in registry.reports("agency")] == [stored]


def test_usage_counts(registry: Registry) -> None:
    for text, n in (("مالیات", 3), ("مالیات", 5), ("آب", 0), ("آب", 0), ("برق", 2)):
        registry.log_query(text, n)
    for sid in ("a", "b", "a"):
        registry.log_click(sid)
    since = datetime.now(UTC) - timedelta(minutes=1)
    assert registry.top_queries(since, limit=2) == [("آب", 2), ("مالیات", 2)]
    assert registry.zero_result_queries(since) == [("آب", 2)]
    assert registry.click_counts(since) == [("a", 2), ("b", 1)]
    assert registry.top_queries(datetime.now(UTC) + timedelta(minutes=1)) == []


def test_catalogue_versions_and_history(registry: Registry) -> None:
    assert registry.catalogue("abfa") is None
    rows = [DeclaredService(2, "قطع آب"), DeclaredService(3, "وصل آب", url="https://abfa.ir/v")]
    first = registry.save_catalogue("abfa", rows, uploaded_by="agency:abfa:1", source="csv")
    second = registry.save_catalogue("abfa", rows[:1], uploaded_by="agency:abfa:1", source="json")
    assert (first.version, second.version) == (1, 2)
    assert registry.catalogue("abfa") == second
    assert registry.catalogue("abfa", version=1) == first
    point = {"catalogue_version": 2, "last_run_id": 4, "declared": 1, "matched": 1}
    assert registry.record_coverage_point("abfa", **point) is True
    assert registry.record_coverage_point("abfa", **point) is False  # nothing changed
    assert registry.record_coverage_point("abfa", **{**point, "last_run_id": 5, "matched": 0})
    assert [p.percent for p in registry.coverage_history("abfa")] == [100.0, 0.0]


def test_a_burst_of_uploads_keeps_the_versions_that_stood(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team 14 F06: pruning by number let twenty quick uploads delete every version the
    registrar would roll back to. A version that was in force for an hour stays."""
    from registry import catalogues

    clock = [datetime(2026, 3, 1, 8, tzinfo=UTC)]
    monkeypatch.setattr(catalogues, "now", lambda: clock[0])

    def upload(title: str, later: timedelta) -> int:
        clock[0] += later
        rows = [DeclaredService(2, title)]
        return registry.save_catalogue("abfa", rows, uploaded_by="x", source="csv", keep=3).version

    assert upload("واقعی قدیم", timedelta(0)) == 1
    assert upload("واقعی", timedelta(days=3)) == 2  # version 1 stood three days
    for n in range(20):  # a leaked token, an hour later, one upload every few seconds
        upload(f"خدمت {n}", timedelta(hours=1, seconds=5) if n == 0 else timedelta(seconds=5))
    assert registry.catalogue_versions("abfa") == [1, 2, 20, 21, 22]
    real = registry.catalogue("abfa", version=2)
    assert real is not None and real.services[0].title == "واقعی"
    # pushing those out takes `keep` uploads an hour apart; at most 2 * keep stay anyway
    for n in range(10):
        upload(f"ساعتی {n}", timedelta(hours=2))
    assert registry.catalogue_versions("abfa") == [29, 30, 31, 32]  # stood: 29-31


def test_runs_left_running_twice_for_one_portal_keep_only_the_newest_open(
    database_url: str,
) -> None:
    """Before revision 0008 a portal could have two running runs (two crawls at once);
    upgrading keeps the newest running and closes the older as failed, saying why."""
    from alembic import command
    from sqlalchemy import create_engine, text

    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0007")
        for portal_id in ("abfa", "abfa", "tax"):
            report = CrawlReport(portal_id=portal_id, started_at=at)
            conn.execute(
                text(
                    "INSERT INTO crawl_runs (portal_id, status, started_at, report)"
                    " VALUES (:portal, 'running', :at, :report)"
                ),
                {"portal": portal_id, "at": at, "report": json.dumps(report.to_dict())},
            )
    engine.dispose()

    registry = Registry(database_url)
    try:
        runs = dict(registry.runs())
        assert runs[1].status is CrawlStatus.FAILED
        assert "run 2 ran beside it" in runs[1].finish_reason
        assert runs[1].finished_at is not None
        assert runs[2].status is CrawlStatus.RUNNING
        assert runs[3].status is CrawlStatus.RUNNING
        assert sorted(r.portal_id for r in registry.running_runs()) == ["abfa", "tax"]
    finally:
        registry.close()


# -- issue 12: agencies are first-class -------------------------------------------------------


def _registry_at_0002(url: str) -> None:
    """A registry exactly as the code of revision 0002 left it, filled the way that code did:
    one agency per portal (same id), a police agency with two portals (``--agency``), a token,
    a session, a catalogue, a coverage point, a crawl run and a broken link."""
    from alembic import command
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0002")
        for pid, agency_id, name in (
            ("abfa", "abfa", "آبفا"),
            ("police-main", "police", "پلیس"),
            ("police-pass", "police", "پلیس"),
        ):
            conn.execute(
                text(
                    "INSERT INTO portals (id, agency, document, registered_at, updated_at,"
                    " agency_id) VALUES (:id, :name, :doc, :at, :at, :agency)"
                ),
                {
                    "id": pid,
                    "name": name,
                    "doc": portal(pid, name).model_dump_json(exclude={"agency_id"}),
                    "at": at,
                    "agency": agency_id,
                },
            )
        for agency_id, name in (("abfa", "آبفا"), ("police", "پلیس")):
            conn.execute(
                text("INSERT INTO agencies (id, name, created_at) VALUES (:id, :name, :at)"),
                {"id": agency_id, "name": name, "at": at},
            )
        conn.execute(
            text(
                "INSERT INTO tokens (kind, agency_id, label, hash, created_at)"
                " VALUES ('agency', 'police', 'ict', :hash, :at)"
            ),
            {"hash": digest("dargah_old-police-token"), "at": at},
        )
        conn.execute(
            text(
                "INSERT INTO catalogues (agency_id, version, uploaded_at, uploaded_by, source)"
                " VALUES ('police', 1, :at, 'agency:police:1', 'csv')"
            ),
            {"at": at},
        )
        conn.execute(
            text(
                "INSERT INTO catalogue_rows (catalogue_id, position, line, title, service_id, url)"
                " VALUES (1, 0, 2, 'گذرنامه', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO coverage_points (agency_id, at, catalogue_version, last_run_id,"
                " declared, matched) VALUES ('police', :at, 1, 1, 1, 1)"
            ),
            {"at": at},
        )
        report = CrawlReport(portal_id="police-pass", started_at=at, status=CrawlStatus.COMPLETE)
        conn.execute(
            text(
                "INSERT INTO crawl_runs (portal_id, status, started_at, report)"
                " VALUES ('police-pass', 'complete', :at, :report)"
            ),
            {"at": at, "report": json.dumps(report.to_dict())},
        )
        conn.execute(
            text(
                "INSERT INTO link_checks (service_id, portal_id, url, status, final_url,"
                " checked_at, error, broken)"
                " VALUES ('s1', 'abfa', 'https://abfa.ir/a', 404, '', :at, 'http_404', :yes)"
            ),
            {"at": at, "yes": True},
        )
    assert migrate.current(engine) == "0002"
    engine.dispose()


def test_a_registry_made_by_revision_0002_upgrades_with_nothing_lost(database_url: str) -> None:
    _registry_at_0002(database_url)
    registry = Registry(database_url)
    try:
        assert migrate.current(registry._engine) == migrate.head()
        assert [(a.id, a.name, a.portal_ids) for a in registry.agencies()] == [
            ("abfa", "آبفا", ("abfa",)),
            ("police", "پلیس", ("police-main", "police-pass")),
        ]
        assert registry.get_portal("police-pass") == portal("police-pass", "پلیس")
        who = registry.authenticate("dargah_old-police-token")
        assert who is not None and who.agency_id == "police"
        catalogue = registry.catalogue("police")
        assert catalogue is not None and [s.title for s in catalogue.services] == ["گذرنامه"]
        assert [p.matched for p in registry.coverage_history("police")] == [1]
        assert [r.status for _, r in registry.runs("police-pass")] == [CrawlStatus.COMPLETE]
        assert [c.error for c in registry.link_checks("abfa", broken_only=True)] == ["http_404"]
        # and it works on: a third police portal joins the agency by its registration
        registry.add_portal(
            Registration.parse({**portal("police-110").model_dump(), "agency_id": "police"})
        )
        assert registry.agency("police").portal_ids == (  # type: ignore[union-attr]
            "police-110",
            "police-main",
            "police-pass",
        )
    finally:
        registry.close()


def test_a_portal_names_its_agency_in_its_registration(registry: Registry) -> None:
    registry.add_agency("police", "پلیس راهور")
    second = Registration.parse({**portal("police-pass").model_dump(), "agency_id": "police"})
    registry.add_portal(portal("police-main"), agency_id="police")
    registry.add_portal(second)
    registry.add_portal(portal("abfa"))  # no agency named: its own, as before
    assert [(a.id, a.name, a.portal_ids) for a in registry.agencies()] == [
        ("abfa", "آبفا", ("abfa",)),
        ("police", "پلیس راهور", ("police-main", "police-pass")),
    ]
    registry.add_portal(portal("police-pass", "پلیس"), replace=True)  # keeps its agency
    assert registry.portal_agency("police-pass") == "police"


def test_agencies_are_added_renamed_and_found_by_their_persian_name(registry: Registry) -> None:
    registry.add_agency("tax-alborz", "اداره كل امور مالياتي البرز")  # Arabic kaf and yeh
    with pytest.raises(AccessError, match="already exists"):
        registry.add_agency("tax-alborz", "دیگری")
    with pytest.raises(AccessError, match="slug"):
        registry.add_agency("Tax Alborz", "مالیات")
    with pytest.raises(AccessError, match="name"):
        registry.add_agency("tax-2", " ")
    found = registry.find_agency("اداره کل امور  مالیاتی البرز")  # Persian letters, two spaces
    assert found is not None and found.id == "tax-alborz"
    assert registry.find_agency("tax-alborz") == found
    assert registry.find_agency("ناشناخته") is None
    renamed = registry.rename_agency("tax-alborz", "اداره‌کل امور مالیاتی استان البرز")
    assert renamed is not None and renamed.name == "اداره‌کل امور مالیاتی استان البرز"
    assert registry.rename_agency("ghost", "روح") is None
    registry.add_agency("tax-2", "اداره‌کل امور مالیاتی استان البرز")
    with pytest.raises(AccessError, match="tax-2, tax-alborz"):
        registry.find_agency("اداره‌کل امور مالیاتی استان البرز")
    info, _secret = registry.create_token(TokenKind.AGENCY, agency_id="tax-2")
    assert info.agency_id == "tax-2"  # an agency with no portal yet can hold a token


def test_a_refused_address_is_a_configuration_problem_and_a_crawl_clears_broken_marks(
    registry: Registry,
) -> None:
    at = datetime(2026, 5, 1, tzinfo=UTC)
    gone = LinkCheck("s1", "abfa", "https://abfa.ir/a", 404, "", at, "http_404")
    refused = LinkCheck(
        "s2", "abfa", "http://10.0.0.5/b", None, "", at, "refused_private_address: x"
    )
    registry.record_link_checks([gone, refused])
    assert registry.broken_links(["s1", "s2"]) == {"s1": gone}
    assert registry.link_check_problems() == [refused]
    assert registry.clear_broken_links(["s1", "s9"]) == 1
    assert registry.broken_links(["s1"]) == {}
    cleared = registry.link_check("s1")
    assert cleared is not None and not cleared.error and cleared.status == 200
    assert cleared.checked_at == at  # a crawl is not a link check: the schedule stays


def test_a_crawl_does_not_clear_a_link_found_sending_browsers_away(registry: Registry) -> None:
    """Cloaking by User-Agent (red team round 12): the crawl is shown the page, browsers are
    sent to a casino. Only the link check, which asks as a browser, may clear the mark."""
    at = datetime(2026, 5, 1, tzinfo=UTC)
    to = "https://casino.example/"
    away = LinkCheck("s3", "abfa", "https://abfa.ir/c", 302, to, at, "browser_sent_away: x")
    registry.record_link_checks([away])
    assert registry.clear_broken_links(["s3"]) == 0
    assert registry.broken_links(["s3"]) == {"s3": away}


def test_errors_are_added_to_a_portals_newest_crawl_report(registry: Registry) -> None:
    assert registry.add_run_errors("abfa", "conflict", ["x"]) is False  # never crawled
    registry.finish_run(registry.start_run("abfa"), CrawlReport(portal_id="abfa"))
    assert registry.add_run_errors("abfa", "conflict", ["https://abfa.ir/a: also found by b"])
    [(_, report)] = registry.runs("abfa")
    assert report.errors["conflict"] == 1 and "also found by b" in report.error_samples[0]


def test_unregistering_removes_queues_the_purge_and_audits_in_one_transaction(
    tmp_path: Path,
) -> None:
    """Killed between removing a portal and queueing its purge, the web process left the
    services searchable with no portal to remove them by. A write that fails part way (here
    the audit entry, refused by the database) now leaves everything as it was."""
    registry = Registry(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    registry.add_portal(portal("abfa"))
    registry.add_portal(portal("tax"))
    job = registry.unregister("abfa", "admin:1")
    assert job is not None and (job.kind, job.status) == (JobKind.PURGE, JobStatus.QUEUED)
    assert registry.get_portal("abfa") is None
    [entry] = registry.audit_log(target="portal:abfa")
    assert (entry.action, entry.detail) == ("portal.delete", {"purge_job": job.id})
    assert registry.unregister("abfa", "admin:1") is None

    with sqlite3.connect(tmp_path / "r.sqlite3") as conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON audit_log"
            " BEGIN SELECT RAISE(ABORT, 'full'); END"
        )
    with pytest.raises(Exception, match="full"):
        registry.unregister("tax", "admin:1")
    assert registry.get_portal("tax") is not None
    assert registry.jobs("tax") == []
    registry.close()
