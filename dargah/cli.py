"""The `dargah` command: register portals, crawl them, search, serve, and run the demo.

This is the composition root: it reads :class:`Settings` once and hands plain
arguments to the indexer, the crawler and the web app.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dargah import reindex
from dargah.settings import Settings
from indexer.backend import SearchBackend, SearchQuery
from indexer.backends import open_backend
from indexer.elasticsearch.config import ElasticsearchConfigError, ElasticsearchUnavailableError
from registry.portals import Registry
from registry.registration import Registration, RegistrationError

if TYPE_CHECKING:
    from registry.reports import CrawlReport


def _registry(settings: Settings) -> Registry:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Registry(settings.registry_url)


def _backend(settings: Settings, *, readonly: bool = False) -> SearchBackend:
    return open_backend(settings.backend, readonly=readonly)


def cmd_portals_add(settings: Settings, args: argparse.Namespace) -> int:
    from gateway_api.registrar import register_portal

    # Validate every file before storing any, so a bad file leaves nothing half-registered.
    try:
        registrations = [Registration.load(Path(p)) for p in args.files]
    except (RegistrationError, OSError) as exc:
        print(f"dargah: {exc}", file=sys.stderr)
        return 2
    registry = _registry(settings)
    try:
        for reg in registrations:
            register_portal(registry, "cli", reg, agency_id=args.agency, replace=args.replace)
            print(f"registered {reg.id} ({reg.agency}) — {reg.strategy.value}, {reg.homepage}")
    except ValueError as exc:
        print(f"dargah: {exc}", file=sys.stderr)
        return 2
    finally:
        registry.close()
    return 0


def cmd_tokens(settings: Settings, args: argparse.Namespace) -> int:
    """Tokens are printed once, here, and stored only as digests."""
    from gateway_api import registrar
    from registry.access import AccessError
    from registry.records import TokenKind

    registry = _registry(settings)
    try:
        if args.tokens_command == "list":
            for info in registry.tokens():
                state = f"revoked {info.revoked_at:%Y-%m-%d}" if info.revoked_at else "active"
                owner = info.agency_id or "-"
                print(f"{info.id:>4}  {info.kind.value:<6} {owner:<22} {state:<18} {info.label}")
            return 0
        if args.tokens_command == "revoke":
            if not registrar.revoke_token(registry, "cli", args.id):
                print(f"dargah: no active token {args.id}", file=sys.stderr)
                return 2
            print(f"revoked token {args.id}")
            return 0
        kind = TokenKind.ADMIN if args.tokens_command == "create-admin" else TokenKind.AGENCY
        try:
            info, secret = registrar.issue_token(
                registry, "cli", kind, agency_id=getattr(args, "agency", None), label=args.label
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
        report = coverage_report(registry, backend, args.agency, declared=declared)
    finally:
        backend.close()
        registry.close()
    if report is None:
        print(f"dargah: no agency {args.agency!r}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
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
        portals = registry.list_portals()
        if not portals:
            print("no portals registered: dargah portals add FILE.yaml")
        for reg in portals:
            runs = registry.runs(reg.id, limit=1)
            last = runs[0][1].summary() if runs else "never crawled"
            state = "" if reg.enabled else " [disabled]"
            print(f"{reg.id:<22} {reg.strategy.value:<10} {reg.homepage}{state}\n    {last}")
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
        "settings_overrides": None if verbose else {"LOG_LEVEL": "WARNING"},
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
        for line in report.explanation():
            print("    " + line)
    print(f"reports: {settings.reports_dir}/")
    return reports


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
        crawl_timeout=timeout,
        stale_after=2 * timeout,  # a live worker never lets a job run this long
        parallel_crawls=settings.worker_parallel_crawls,
        poll_seconds=args.poll,
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    Worker(config).run(once=args.once)
    return 0


def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    backend = _backend(settings, readonly=True)
    try:
        page = backend.search(SearchQuery(text=args.query, agency=args.agency, size=args.size))
    finally:
        backend.close()
    print(f"{page.total} results")
    for n, hit in enumerate(page.hits, 1):
        doc = hit.document
        print(f"{n:>2}. {doc.title} — {doc.agency}\n    {doc.url}")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from dargah.app import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    print(f"gateway on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    return 0


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
        print(
            "\ncoverage dashboards: /dashboard — sign in with a token from "
            "`.venv/bin/dargah tokens create-admin` (registrar) or `tokens issue AGENCY`"
        )
        return cmd_serve(settings, args)


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
    add.add_argument("--agency", help="owner agency id (default: the portal id; kept on --replace)")
    add.set_defaults(func=cmd_portals_add)
    psub.add_parser("list", help="list registered portals").set_defaults(func=cmd_portals_list)
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

    tokens = sub.add_parser("tokens", help="API tokens: the registrar's and agencies'")
    tsub = tokens.add_subparsers(dest="tokens_command", required=True)
    admin = tsub.add_parser("create-admin", help="create an admin token (printed once)")
    admin.add_argument("--label", default="", help="who holds it")
    issue = tsub.add_parser("issue", help="issue a token for an agency (printed once)")
    issue.add_argument("agency", metavar="AGENCY")
    issue.add_argument("--label", default="", help="who holds it")
    revoke = tsub.add_parser("revoke", help="revoke a token by id")
    revoke.add_argument("id", type=int)
    tsub.add_parser("list", help="list tokens (never their secrets)")
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
        if name == "demo":
            p.add_argument("--sandbox-port", type=int, default=8080)
            p.add_argument("--verbose", action="store_true", help="show Scrapy's own log")
        p.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        code = args.func(Settings(), args)
    except (ElasticsearchConfigError, ElasticsearchUnavailableError) as exc:
        print(f"dargah: {exc}", file=sys.stderr)  # a setting to fix, not a bug: no traceback
        code = 2
    raise SystemExit(code)


if __name__ == "__main__":
    main()
