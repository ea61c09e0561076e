"""The `dargah` command: register portals, crawl them, search, serve, and run the demo.

This is the composition root: it reads :class:`Settings` once and hands plain
arguments to the indexer, the crawler and the web app.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dargah import reindex
from dargah.settings import Settings
from indexer.backend import SearchBackend, SearchQuery
from indexer.backends import open_backend
from indexer.elasticsearch.config import ElasticsearchConfigError, ElasticsearchUnavailableError

if TYPE_CHECKING:
    from registry.portals import Registry
    from registry.registration import Registration
    from registry.reports import CrawlReport

# Each command imports what it needs when it runs: `dargah search` must start fast, and
# the registry (SQLAlchemy, Alembic), Scrapy and FastAPI are slow to import.


def _registry(settings: Settings) -> Registry:
    from registry.portals import Registry

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Registry(settings.registry_url)


def _backend(settings: Settings, *, readonly: bool = False) -> SearchBackend:
    return open_backend(settings.backend, readonly=readonly)


def cmd_portals_add(settings: Settings, args: argparse.Namespace) -> int:
    from gateway_api.registrar import register_portal
    from registry.registration import Registration, RegistrationError

    # Validate every file before storing any, so a bad file leaves nothing half-registered.
    try:
        registrations = [Registration.load(Path(p)) for p in args.files]
    except (RegistrationError, OSError) as exc:
        print(f"dargah: {exc}", file=sys.stderr)
        return 2
    registry = _registry(settings)
    try:
        for reg in registrations:
            register_portal(
                registry,
                "cli",
                reg,
                agency_id=args.agency,
                replace=args.replace,
                allow_overlap=args.allow_overlap,
            )
            owner = registry.portal_agency(reg.id)
            print(
                f"registered {reg.id} (agency {owner}: {reg.agency}) — {reg.strategy.value},"
                f" {reg.homepage}"
            )
    except ValueError as exc:
        print(f"dargah: {exc}", file=sys.stderr)
        return 2
    finally:
        registry.close()
    return 0


def _token_state(info: Any) -> str:
    """revoked, expired or active (``--json`` also gives ``expires_at``)."""
    from datetime import UTC, datetime

    if info.revoked_at:
        return "revoked"
    if info.expires_at and info.expires_at <= datetime.now(UTC):
        return "expired"
    return "active"


def cmd_tokens(settings: Settings, args: argparse.Namespace) -> int:
    """Tokens are printed once, here, and stored only as digests."""
    from gateway_api import registrar
    from registry.access import AccessError
    from registry.records import TokenKind

    registry = _registry(settings)
    try:
        if args.tokens_command == "list":
            rows = [
                {
                    "id": info.id,
                    "kind": info.kind.value,
                    "agency": info.agency_id,
                    "state": _token_state(info),
                    "created_at": info.created_at.isoformat(),
                    "revoked_at": info.revoked_at.isoformat() if info.revoked_at else None,
                    "expires_at": info.expires_at.isoformat() if info.expires_at else None,
                    "label": info.label,
                }
                for info in registry.tokens()
            ]
            shown = [  # for people, an active token says when it stops working
                {**row, "state": f"active, expires {str(row['expires_at'])[:10]}"}
                if row["state"] == "active" and row["expires_at"]
                else row
                for row in rows
            ]
            _listing(
                args,
                rows if args.json else shown,
                [
                    ("id", "ID"),
                    ("kind", "KIND"),
                    ("agency", "AGENCY"),
                    ("state", "STATE"),
                    ("label", "LABEL"),
                ],
                empty="no tokens: dargah tokens create-admin",
            )
            return 0
        if args.tokens_command == "revoke":
            if not registrar.revoke_token(registry, "cli", args.id):
                print(f"dargah: no active token {args.id}", file=sys.stderr)
                return 2
            print(f"revoked token {args.id}")
            return 0
        kind = TokenKind.ADMIN if args.tokens_command == "create-admin" else TokenKind.AGENCY
        try:
            agency_id = None
            if kind is TokenKind.AGENCY:  # the agency's id or its Persian name
                agency = registry.find_agency(args.agency)
                if agency is None:
                    raise AccessError(
                        f"no agency {args.agency!r} (by id or Persian name): see"
                        " `dargah agencies list`, or add it with `dargah agencies add ID NAME`"
                    )
                agency_id = agency.id
            days = getattr(args, "expires_days", None)
            info, secret = registrar.issue_token(
                registry,
                "cli",
                kind,
                agency_id=agency_id,
                label=args.label,
                expires_in=timedelta(days=days) if days is not None else None,
            )
        except AccessError as exc:
            print(f"dargah: {exc}", file=sys.stderr)
            return 2
        print(secret)
        print(
            f"token {info.id} ({kind.value}{' for ' + info.agency_id if info.agency_id else ''})"
            " — shown only now; it is stored hashed and cannot be shown again",
            file=sys.stderr,
        )
        return 0
    finally:
        registry.close()


def _listing(
    args: argparse.Namespace,
    rows: list[dict[str, Any]],
    columns: list[tuple[str, str]],
    *,
    empty: str,
) -> None:
    """A listing for people (a header row, aligned columns) or, with --json, for scripts."""
    if getattr(args, "json", False):
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print(empty)
        return
    cells = [[("-" if row[key] is None else str(row[key])) for key, _ in columns] for row in rows]
    widths = [
        max(len(title), *(len(line[i]) for line in cells)) for i, (_, title) in enumerate(columns)
    ]
    for line in [[title for _, title in columns], *cells]:
        padded = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        print("  ".join(padded).rstrip())


def cmd_agencies(settings: Settings, args: argparse.Namespace) -> int:
    """Agencies: an id (slug), a Persian name, and the portals that name it."""
    from gateway_api import registrar
    from registry.access import AccessError

    registry = _registry(settings)
    try:
        if args.agencies_command == "list":
            rows = [
                {"id": a.id, "name": a.name, "portals": list(a.portal_ids)}
                for a in registry.agencies()
            ]
            if not args.json:
                for row in rows:
                    row["portals"] = ", ".join(row["portals"]) or "(none yet)"
            _listing(
                args,
                rows,
                [("id", "ID"), ("name", "NAME"), ("portals", "PORTALS")],
                empty="no agencies: dargah agencies add ID NAME",
            )
            return 0
        try:
            if args.agencies_command == "add":
                agency = registrar.add_agency(registry, "cli", args.id, args.name)
                print(
                    f"added agency {agency.id} ({agency.name}); register its portals with"
                    f" `agency_id: {agency.id}` (or `dargah portals add --agency {agency.id}`)"
                )
                return 0
            renamed = registrar.rename_agency(registry, "cli", args.id, args.name)
        except AccessError as exc:
            print(f"dargah: {exc}", file=sys.stderr)
            return 2
        if renamed is None:
            print(f"dargah: no agency {args.id!r}", file=sys.stderr)
            return 2
        print(f"renamed agency {renamed.id} to {renamed.name}")
        return 0
    finally:
        registry.close()


def cmd_coverage(settings: Settings, args: argparse.Namespace) -> int:
    import json

    from registry.catalogue_upload import CatalogueError, parse_catalogue
    from registry.coverage import coverage_report

    declared, fmt = None, "csv"
    if args.declared:
        path = Path(args.declared)
        fmt = "json" if path.suffix == ".json" else "csv"
        try:
            declared = parse_catalogue(path.read_bytes(), fmt)
        except (CatalogueError, OSError) as exc:
            print(f"dargah: {path}: {exc}", file=sys.stderr)
            return 2
    registry = _registry(settings)
    backend = _backend(settings, readonly=True)
    try:
        try:
            agency = registry.find_agency(args.agency)
        except ValueError as exc:
            print(f"dargah: {exc}", file=sys.stderr)
            return 2
        report = None
        if agency is not None:
            report = coverage_report(registry, backend, agency.id, declared=declared)
    finally:
        backend.close()
        registry.close()
    if report is None:
        print(f"dargah: no agency {args.agency!r}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if report.catalogue is None and declared is None:
        found = len(report.undeclared)
        portals = ", ".join(report.agency.portal_ids) or "no portals yet"
        print(
            f"{report.agency.name} ({report.agency.id}): no declared catalogue yet —"
            f" {found} services found on {portals}"
        )
        print(
            "  to measure coverage, the agency uploads its catalogue on its dashboard"
            " (template: /dashboard/catalogue-template.csv), or check a file with"
            " --declared FILE; --json lists the services found"
        )
        for c in report.broken:
            print(f"  ! broken link: {c.url} ({c.status or c.error})")
        for run in report.runs[:5]:
            print(f"  crawl: {run.summary()}")
        return 0
    percent = "—" if report.percent is None else f"{report.percent}%"
    print(
        f"{report.agency.name} ({report.agency.id}): {len(report.matches)}/{report.declared}"
        f" declared services found — coverage {percent}"
    )
    for m in report.matches:
        print(f"  ✓ {m.declared.title}  ←{m.reason.value}→  {m.service.title}")
    if report.catalogue is not None:
        fmt = report.catalogue.source
    where = "item" if fmt == "json" else "line"  # JSON services are numbered by position
    for d in report.missing:
        print(f"  ✗ missing ({where} {d.line}): {d.title}")
    for doc in report.undeclared:
        print(f"  + undeclared: {doc.title}  {doc.url}")
    for c in report.broken:
        print(f"  ! broken link: {c.url} ({c.status or c.error})")
    for run in report.runs[:5]:
        print(f"  crawl: {run.summary()}")
    return 0


def cmd_portals_try(settings: Settings, args: argparse.Namespace) -> int:
    """Preview a registration file: a bounded sample crawl that stores nothing."""
    from crawlers.preview import PreviewError, preview_in_subprocess
    from registry.registration import Registration, RegistrationError

    try:
        registration = Registration.load(Path(args.file))
    except (OSError, RegistrationError) as exc:
        print(f"dargah: {exc}", file=sys.stderr)
        return 2
    print(
        f"trying {registration.id} ({registration.strategy.value}), nothing is stored…", flush=True
    )
    try:
        preview = preview_in_subprocess(
            registration,
            user_agent=settings.user_agent,
            allow_private_addresses=settings.allow_private_addresses,
            max_pages=args.max_pages,
            settings_overrides={"LOG_LEVEL": "WARNING"},
        )
    except PreviewError as exc:
        print(f"dargah: preview of {registration.id} failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(preview.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(preview.lines()))
    return 0


def cmd_portals_list(settings: Settings, args: argparse.Namespace) -> int:
    registry = _registry(settings)
    try:
        rows = []
        for reg in registry.list_portals():
            runs = registry.runs(reg.id, limit=1)
            last = runs[0][1] if runs else None
            rows.append(
                {
                    "id": reg.id,
                    "agency": registry.portal_agency(reg.id),
                    "strategy": reg.strategy.value,
                    "enabled": reg.enabled,
                    "homepage": reg.homepage,
                    "last_crawl": (last.summary() if last else "never crawled")
                    if not args.json
                    else (last.to_dict() if last else None),
                }
            )
        if not args.json:
            for row in rows:
                row["enabled"] = "yes" if row["enabled"] else "no"
                row["last_crawl"] = str(row["last_crawl"]).split(": ", 1)[-1]
        _listing(
            args,
            rows,
            [
                ("id", "PORTAL"),
                ("agency", "AGENCY"),
                ("strategy", "STRATEGY"),
                ("enabled", "ENABLED"),
                ("homepage", "HOMEPAGE"),
                ("last_crawl", "LAST CRAWL"),
            ],
            empty="no portals registered: dargah portals add FILE.yaml",
        )
    finally:
        registry.close()
    return 0


def cmd_portals_remove(settings: Settings, args: argparse.Namespace) -> int:
    registry = _registry(settings)
    backend = _backend(settings)
    try:
        for portal_id in args.ids:
            if not registry.remove_portal(portal_id):
                print(f"dargah: no portal {portal_id!r}", file=sys.stderr)
                return 2
            ids = list(backend.portal_hashes(portal_id))
            backend.delete(ids)
            # audited like the dashboard's removal (gateway_api.registrar.delete_portal)
            registry.audit("cli", "portal.delete", f"portal:{portal_id}", {"services": len(ids)})
            print(f"removed {portal_id} and its {len(ids)} services")
    finally:
        backend.close()
        registry.close()
    return 0


def cmd_crawl(settings: Settings, args: argparse.Namespace) -> int:
    registry = _registry(settings)
    try:
        portals = {reg.id: reg for reg in registry.list_portals()}
    finally:
        registry.close()
    if args.all or not args.ids:
        chosen = [reg for reg in portals.values() if reg.enabled]
    else:
        unknown = [i for i in args.ids if i not in portals]
        if unknown:
            print(f"dargah: unknown portal(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        chosen = [portals[i] for i in args.ids]
    if not chosen:
        print("dargah: nothing to crawl — register portals first", file=sys.stderr)
        return 2
    reports = _run_crawls(settings, chosen, verbose=args.verbose)
    return 0 if all(r.status.value != "failed" for r in reports) else 1


def _crawl_arguments(settings: Settings, *, verbose: bool) -> dict[str, Any]:
    """What every crawl takes from the settings: one-off crawls and the worker alike."""
    return {
        "index_dir": settings.index_dir,
        "backend": settings.backend,
        "registry_url": settings.registry_url,
        "reports_dir": settings.reports_dir,
        "http_cache_dir": settings.http_cache_dir,
        "user_agent": settings.user_agent,
        "allow_private_addresses": settings.allow_private_addresses,
        "retire_after_misses": settings.retire_after_misses,
        "suspect_below": settings.suspect_below,
        "heartbeat_seconds": settings.crawl_heartbeat_seconds,
        "dead_after_seconds": settings.crawl_dead_after_minutes * 60,
        # Quiet: Scrapy logs a traceback per failed request; the summary says the same in
        # one line per error kind. --verbose shows Scrapy's own log.
        "settings_overrides": None if verbose else {"LOG_LEVEL": "CRITICAL"},
    }


def _run_crawls(
    settings: Settings, registrations: list[Registration], *, verbose: bool
) -> list[CrawlReport]:
    # Scrapy is imported only by the commands that crawl: it is slow to import.
    from crawlers.runner import run_crawls

    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    print(f"crawling {len(registrations)} portal(s)…", flush=True)
    reports = run_crawls(registrations, **_crawl_arguments(settings, verbose=verbose))
    print("\ncrawl summary:")
    for report in reports:
        print("  " + report.summary())
        for line in report.error_lines():
            print("      " + line)
        for line in report.explanation():
            print("      " + line)
    print(f"reports: {settings.reports_dir}/")
    _private_address_hint(reports, settings)
    return reports


PRIVATE_HINT = (
    "hint: the crawler refused private/loopback addresses. That is right for real portals;"
    " for a sandbox on this machine set GATEWAY_ALLOW_PRIVATE_ADDRESSES=true"
)


def _private_address_hint(reports: Sequence[CrawlReport], settings: Settings) -> None:
    if not settings.allow_private_addresses and any(
        r.errors.get("refused_private_address") for r in reports
    ):
        print(PRIVATE_HINT, file=sys.stderr)


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run queued and scheduled crawls and link checks until stopped (SIGTERM/Ctrl-C)."""
    import logging
    from datetime import timedelta

    from crawlers.worker import Worker, WorkerConfig

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    timeout = timedelta(minutes=settings.crawl_timeout_minutes)
    config = WorkerConfig(
        **_crawl_arguments(settings, verbose=args.verbose),
        link_check_every_hours=settings.link_check_every_hours,
        gateway_url=settings.public_url,
        crawl_timeout=timeout,
        parallel_crawls=settings.worker_parallel_crawls,
        poll_seconds=args.poll,
        usage_log_days=settings.usage_log_days,
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    Worker(config).run(once=args.once)
    return 0


def _printable(text: str) -> str:
    """Crawled text for a terminal: without control characters (an escape sequence stored
    before the analysis dropped them would clear the screen or hide a link)."""
    return "".join(ch for ch in text if ch.isprintable() or ch == "\u200c")


def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    backend = _backend(settings, readonly=True)
    try:
        page = backend.search(SearchQuery(text=args.query, agency=args.agency, size=args.size))
    finally:
        backend.close()
    print(f"{page.total} results")
    matches = [hit for hit in page.hits if not hit.related]
    for n, hit in enumerate(page.hits, 1):
        if n == len(matches) + 1:
            print("services like the first result (not matches):")
        doc = hit.document
        title, agency, url = (_printable(t) for t in (doc.title, doc.agency, doc.url))
        print(f"{n:>2}. {title} — {agency}\n    {url}")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """One process, or ``--workers N`` uvicorn worker processes on the same port.

    Each worker opens the index read-only and the registry itself, so workers
    share nothing but the files; they read their settings from the same
    ``GATEWAY_`` environment, which is why they are started from an import
    string rather than from this process's Settings object.
    """
    import uvicorn

    from dargah.app import SERVER_OPTIONS, create_app

    host = args.host or settings.host
    port = args.port or settings.port
    workers = getattr(args, "workers", 1) or 1
    print(f"gateway on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    if workers > 1:
        os.environ["GATEWAY_DATA_DIR"] = str(settings.data_dir)  # what this process resolved
        _serve_workers(host, port, workers)
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", **SERVER_OPTIONS)
    return 0


def _serve_workers(host: str, port: int, workers: int) -> None:
    """``uvicorn.run(..., workers=N)``, but with a listening socket that says it is TCP.

    uvicorn binds the shared socket with protocol 0; asyncio then does not set
    TCP_NODELAY on the connections its workers accept, and every response
    written in two parts (head, body) waits out the client's delayed ACK:
    45 ms per request at one connection. Re-wrapping the descriptor lets
    Python read the real protocol (TCP) from it.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from dargah.app import SERVER_OPTIONS

    config = uvicorn.Config(
        "dargah.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **SERVER_OPTIONS,
    )
    sock = socket.socket(fileno=config.bind_socket().detach())
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C stops the workers: not an error
        Multiprocess(config, sockets=[sock]).run()


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Start the sandbox province, register and crawl it, then serve the gateway.

    The province listens on fixed addresses so that running the demo again
    finds the same portals (same URLs, same service ids): it is idempotent.
    """
    from sandbox import start_province

    settings = settings.model_copy(update={"allow_private_addresses": True})
    try:
        province = start_province(port=args.sandbox_port)
    except OSError as exc:
        print(
            f"dargah: cannot start the sandbox province on port {args.sandbox_port}: {exc}\n"
            "Is another demo running? Stop it or pass --sandbox-port.",
            file=sys.stderr,
        )
        return 2
    with province:
        if settings.search_backend == "embedded":
            _discard_outdated_index(settings.index_dir)
        print("sandbox province (استان البرز):")
        for portal in province.portals.values():
            print(f"  {portal.id:<22} {portal.origin}  {portal.agency}")
        registry = _registry(settings)
        try:
            for reg in province.registrations():
                registry.add_portal(reg, replace=True)
        finally:
            registry.close()
        _run_crawls(settings, province.registrations(), verbose=args.verbose)
        worker = _start_demo_worker(settings)
        print(
            "\ncoverage dashboards: /dashboard — sign in with a token from "
            "`.venv/bin/dargah tokens create-admin` (registrar) or `tokens issue AGENCY`"
            f"\nworker running in the background (pid {worker.pid}): recrawls requested on the"
            f" dashboard are carried out; its log is {settings.data_dir / 'worker.log'}"
        )
        try:
            return cmd_serve(settings, args)
        finally:
            worker.terminate()  # SIGTERM: it finishes gracefully, requeuing a running crawl
            try:
                worker.wait(timeout=40)
            except subprocess.TimeoutExpired:
                worker.kill()


def _start_demo_worker(settings: Settings) -> subprocess.Popen[bytes]:
    """`dargah worker` for the sandbox, so the dashboard's recrawl button is not a dead end.

    A process of its own (as in production, where it is a service): crawls need their own
    processes anyway, and stopping the demo stops it.
    """
    env = {
        **os.environ,
        "GATEWAY_DATA_DIR": str(settings.data_dir),
        "GATEWAY_ALLOW_PRIVATE_ADDRESSES": "true",  # the sandbox lives on loopback
    }
    if settings.database_url:
        env["GATEWAY_DATABASE_URL"] = settings.database_url
    log = (settings.data_dir / "worker.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "dargah.cli", "worker", "--poll", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _discard_outdated_index(index_dir: Path) -> None:
    """The demo's index holds only the sandbox, so an index from an older version is rebuilt."""
    from indexer.tantivy_backend import IndexVersionError

    try:
        open_backend(index_dir, readonly=True).close()
    except IndexVersionError as exc:
        print(f"{exc}\nrebuilding the demo's index from the sandbox province")
        shutil.rmtree(index_dir)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dargah", description="Dargah — provincial single gateway for government services"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    portals = sub.add_parser("portals", help="register, list and remove agency portals")
    psub = portals.add_subparsers(dest="portals_command", required=True)
    add = psub.add_parser("add", help="register portals from YAML/TOML/JSON files")
    add.add_argument("files", nargs="+")
    add.add_argument("--replace", action="store_true", help="update portals already registered")
    add.add_argument(
        "--agency",
        help="owner agency id (default: the file's agency_id, else a new agency with the"
        " portal's id; kept on --replace)",
    )
    add.add_argument(
        "--allow-overlap",
        action="store_true",
        help="register even if allowed_domains overlap another portal's",
    )
    add.set_defaults(func=cmd_portals_add)
    p_list = psub.add_parser("list", help="list registered portals")
    p_list.add_argument("--json", action="store_true", help="as JSON, for scripts")
    p_list.set_defaults(func=cmd_portals_list)
    try_ = psub.add_parser(
        "try",
        help="preview a registration: crawl a sample, show what would be indexed, store nothing",
    )
    try_.add_argument("file", help="registration file (YAML/TOML/JSON)")
    try_.add_argument("--max-pages", type=int, default=120, help="pages fetched at most")
    try_.add_argument("--json", action="store_true", help="print the preview as JSON")
    try_.set_defaults(func=cmd_portals_try)
    remove = psub.add_parser("remove", help="unregister portals and drop their services")
    remove.add_argument("ids", nargs="+")
    remove.set_defaults(func=cmd_portals_remove)

    agencies = sub.add_parser("agencies", help="agencies: add, list, rename")
    asub = agencies.add_subparsers(dest="agencies_command", required=True)
    a_add = asub.add_parser("add", help="add an agency (its portals name it in agency_id)")
    a_add.add_argument("id", help="a slug, e.g. police-alborz")
    a_add.add_argument("name", help="the agency's name in Persian")
    a_list = asub.add_parser("list", help="list agencies and their portals")
    a_list.add_argument("--json", action="store_true", help="as JSON, for scripts")
    a_rename = asub.add_parser("rename", help="give an agency its own spelling")
    a_rename.add_argument("id")
    a_rename.add_argument("name", help="the new Persian name")
    agencies.set_defaults(func=cmd_agencies)

    tokens = sub.add_parser("tokens", help="API tokens: the registrar's and agencies'")
    tsub = tokens.add_subparsers(dest="tokens_command", required=True)
    admin = tsub.add_parser("create-admin", help="create an admin token (printed once)")
    admin.add_argument("--label", default="", help="who holds it")
    admin.add_argument(
        "--expires-days", type=float, help="the token stops working after this many days"
    )
    issue = tsub.add_parser("issue", help="issue a token for an agency (printed once)")
    issue.add_argument("agency", metavar="AGENCY", help="the agency's id or its Persian name")
    issue.add_argument("--label", default="", help="who holds it")
    issue.add_argument(
        "--expires-days", type=float, help="the token stops working after this many days"
    )
    revoke = tsub.add_parser("revoke", help="revoke a token by id")
    revoke.add_argument("id", type=int)
    t_list = tsub.add_parser("list", help="list tokens (never their secrets)")
    t_list.add_argument("--json", action="store_true", help="as JSON, for scripts")
    tokens.set_defaults(func=cmd_tokens)

    coverage = sub.add_parser("coverage", help="an agency's coverage: declared vs found")
    coverage.add_argument("agency", metavar="AGENCY")
    coverage.add_argument(
        "--declared", metavar="FILE", help="check this CSV/JSON catalogue instead"
    )
    coverage.add_argument("--json", action="store_true", help="the full report as JSON")
    coverage.set_defaults(func=cmd_coverage)

    crawl = sub.add_parser("crawl", help="crawl registered portals")
    crawl.add_argument("ids", nargs="*", metavar="PORTAL_ID")
    crawl.add_argument("--all", action="store_true", help="every enabled portal (the default)")
    crawl.add_argument("--verbose", action="store_true", help="show Scrapy's own log")
    crawl.set_defaults(func=cmd_crawl)

    reindex.add_parser(sub)

    worker = sub.add_parser("worker", help="run queued and scheduled crawls and link checks")
    worker.add_argument("--once", action="store_true", help="do what is due now, then exit")
    worker.add_argument("--poll", type=float, default=5.0, help="seconds between queue checks")
    worker.add_argument("--verbose", action="store_true", help="show Scrapy's own log")
    worker.set_defaults(func=cmd_worker)

    search = sub.add_parser("search", help="search the index from the terminal")
    search.add_argument("query")
    search.add_argument("--agency", help="portal id to filter by")
    search.add_argument("--size", type=int, default=10)
    search.set_defaults(func=cmd_search)

    for name, func, text in (
        ("serve", cmd_serve, "serve the gateway (API + search page)"),
        ("demo", cmd_demo, "sandbox province: start, register, crawl, serve"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("--host")
        p.add_argument("--port", type=int)
        p.add_argument(
            "--workers", type=int, default=1, help="worker processes (each opens the index)"
        )
        if name == "demo":
            p.add_argument("--sandbox-port", type=int, default=8080)
            p.add_argument("--verbose", action="store_true", help="show Scrapy's own log")
        p.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    settings = Settings()
    # hazm's lexicon tables, built once and kept under the data dir: a fast cold start
    from indexer.normalize import use_lexicon_cache

    use_lexicon_cache(settings.data_dir / "cache")
    try:
        code = args.func(settings, args)
    except (ElasticsearchConfigError, ElasticsearchUnavailableError) as exc:
        print(f"dargah: {exc}", file=sys.stderr)  # a setting to fix, not a bug: no traceback
        code = 2
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # `dargah ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except Exception as exc:  # an operator gets one line; --verbose (where offered) the rest
        if getattr(args, "verbose", False):
            raise
        more = " (--verbose shows the traceback)" if hasattr(args, "verbose") else ""
        print(f"dargah: {type(exc).__name__}: {exc}{more}", file=sys.stderr)
        code = 1
    raise SystemExit(code)


if __name__ == "__main__":
    main()
