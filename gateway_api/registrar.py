"""The registrar's and agencies' write operations, each one audit-logged.

Plain functions over the registry shared by the HTTP API, the CLI and the
dashboards, so that every way in records the same audit entries and follows
the same rules. ``actor`` is a :attr:`Principal.actor` or ``"cli"``: never a token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from gateway_api.text import persian_digits
from indexer.backend import SearchBackend
from registry.catalogue_upload import CatalogueError, parse_catalogue
from registry.catalogues import DEFAULT_VERSIONS_KEPT
from registry.portals import PortalOverlap, Registry, RegistryError
from registry.records import Agency, Catalogue, CrawlJob, JobKind, TokenInfo, TokenKind
from registry.registration import Problem, Registration
from registry.search_rules import RuleKind, SearchRule, SearchRuleError


class InvalidRegistration(ValueError):
    """A registration document was refused; ``problems`` are (field, message) pairs, and
    ``problems_fa`` the same in Persian, for the registrar's form and the API's
    ``message_fa``."""

    def __init__(
        self, problems: list[tuple[str, str]], problems_fa: list[tuple[str, str]] | None = None
    ) -> None:
        self.problems = problems
        self.problems_fa = problems_fa or problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


# Persian for pydantic's own refusals, by their type; others say what pydantic says
_PYDANTIC_FA = {
    "missing": "این فیلد لازم است",
    "extra_forbidden": "این فیلد در سند ثبت درگاه شناخته نیست",
    "string_type": "باید متن باشد",
    "bool_type": "باید true یا false باشد",
    "int_type": "باید عدد صحیح باشد",
    "int_parsing": "باید عدد صحیح باشد",
    "list_type": "باید فهرست باشد",
    "dict_type": "باید یک شیء (نام: مقدار) باشد",
    "model_type": "باید یک شیء (نام: مقدار) باشد",
    "enum": "از مقادیر مجاز نیست",
    "string_too_short": "کوتاه‌تر از حد مجاز است",
    "string_too_long": "بلندتر از حد مجاز است",
    "string_pattern_mismatch": "شکل آن پذیرفتنی نیست",
    "greater_than_equal": "کمتر از حد مجاز است",
    "less_than_equal": "بیشتر از حد مجاز است",
}


def _persian(err: Any) -> str:
    error = (err.get("ctx") or {}).get("error")
    if isinstance(error, Problem):
        return error.fa
    found = _PYDANTIC_FA.get(err["type"])
    return f"{found} ({err['msg']})" if found else f"مقدار پذیرفته نشد: {err['msg']}"


def parse_registration(data: Any) -> Registration:
    try:
        return Registration.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        fields = [".".join(str(p) for p in err["loc"]) or "document" for err in errors]
        raise InvalidRegistration(
            [(f, err["msg"]) for f, err in zip(fields, errors, strict=True)],
            [(f, _persian(err)) for f, err in zip(fields, errors, strict=True)],
        ) from exc


class OverlapError(RegistryError):
    """The portal's ``allowed_domains`` cover another portal's: both are named."""


def register_portal(
    registry: Registry,
    actor: str,
    data: Any,
    *,
    agency_id: str | None = None,
    replace: bool = False,
    allow_overlap: bool = False,
) -> Registration:
    """Validate, then store in one transaction: a refused document stores nothing.

    Domains overlapping another portal's are refused unless ``allow_overlap``: two
    portals crawling the same pages would fight over the same services.
    """
    reg = data if isinstance(data, Registration) else parse_registration(data)
    existed = registry.get_portal(reg.id) is not None
    try:  # the overlap check and the insert are one locked transaction
        registry.add_portal(
            reg, replace=replace, agency_id=agency_id, refuse_overlaps=not allow_overlap
        )
    except PortalOverlap as exc:
        other, theirs, mine = exc.overlaps[0]
        others = len(exc.overlaps) - 1
        more = f" (and {others} more)" if others else ""
        more_fa = f" (و {persian_digits(others)} وبگاه دیگر)" if others else ""
        raise OverlapError(
            f"portal {reg.id!r} ({reg.agency}) has allowed_domains {mine!r} overlapping"
            f" {theirs!r} of portal {other.id!r} ({other.agency}){more}: both would crawl"
            " the same pages. Narrow allowed_domains, or allow it explicitly"
            " (`dargah portals add --allow-overlap`, API `?allow_overlap=true`)",
            f"دامنه «{mine}» در allowed_domains وبگاه «{reg.id}» ({reg.agency}) با دامنه"
            f" «{theirs}» وبگاه «{other.id}» ({other.agency}){more_fa} هم‌پوشانی دارد: هر دو"
            " همان صفحه‌ها را می‌خزند. allowed_domains را محدودتر کنید، یا هم‌پوشانی را آگاهانه"
            " مجاز کنید (`dargah portals add --allow-overlap`، در API `?allow_overlap=true`).",
            "allowed_domains",
        ) from None
    overlaps = registry.overlapping_portals(reg) if allow_overlap else []
    action = "portal.update" if existed else "portal.create"
    registry.audit(
        actor,
        action,
        f"portal:{reg.id}",
        {
            "agency_id": registry.portal_agency(reg.id),
            "homepage": reg.homepage,
            **({"overlaps": [o.id for o, _, _ in overlaps]} if overlaps else {}),
        },
    )
    return reg


def update_portal(
    registry: Registry,
    actor: str,
    portal_id: str,
    data: Any,
    *,
    agency_id: str | None = None,
    allow_overlap: bool = False,
) -> Registration:
    reg = parse_registration(data)
    if reg.id != portal_id:
        raise InvalidRegistration(
            [("id", f"must be {portal_id!r}, the portal being updated")],
            [("id", f"باید «{portal_id}» باشد، شناسه وبگاهی که ویرایش می‌شود")],
        )
    if registry.get_portal(portal_id) is None:
        raise RegistryError(
            f"no portal {portal_id!r}", f"وبگاهی با شناسه «{portal_id}» ثبت نشده است.", "id"
        )
    return register_portal(
        registry, actor, reg, agency_id=agency_id, replace=True, allow_overlap=allow_overlap
    )


def set_portal_enabled(
    registry: Registry, actor: str, portal_id: str, enabled: bool
) -> Registration | None:
    reg = registry.get_portal(portal_id)
    if reg is None:
        return None
    changed = reg.model_copy(update={"enabled": enabled})
    registry.add_portal(changed, replace=True)
    registry.audit(actor, "portal.enable" if enabled else "portal.disable", f"portal:{portal_id}")
    return changed


def delete_portal(registry: Registry, actor: str, portal_id: str) -> CrawlJob | None:
    """Unregister now (deep links stop at once); the worker purges its services from the index.
    One transaction (:meth:`Registry.unregister`): killed halfway, nothing is half-done."""
    return registry.unregister(portal_id, actor)


def request_crawl(registry: Registry, actor: str, portal_id: str) -> CrawlJob:
    """Queue a crawl for the worker: the web process never crawls."""
    job = registry.enqueue_job(portal_id, actor, JobKind.CRAWL)
    registry.audit(actor, "crawl.request", f"portal:{portal_id}", {"job": job.id})
    return job


def add_agency(registry: Registry, actor: str, agency_id: str, name: str) -> Agency:
    """A new agency (its portals are registered later, naming it in ``agency_id``)."""
    agency = registry.add_agency(agency_id, name)
    registry.audit(actor, "agency.create", f"agency:{agency.id}", {"name": agency.name})
    return agency


def rename_agency(registry: Registry, actor: str, agency_id: str, name: str) -> Agency | None:
    old = registry.agency(agency_id)
    agency = registry.rename_agency(agency_id, name)
    if agency is not None and old is not None:
        registry.audit(
            actor, "agency.rename", f"agency:{agency_id}", {"from": old.name, "to": agency.name}
        )
    return agency


def issue_token(
    registry: Registry,
    actor: str,
    kind: TokenKind,
    *,
    agency_id: str | None = None,
    label: str = "",
    expires_in: timedelta | None = None,
) -> tuple[TokenInfo, str]:
    """A new token and its secret: show the secret once, it is stored only as a digest."""
    info, secret = registry.create_token(
        kind, agency_id=agency_id, label=label, expires_in=expires_in
    )
    expires = info.expires_at.isoformat() if info.expires_at else None
    registry.audit(
        actor,
        "token.issue",
        f"token:{info.id}",
        {"kind": kind.value, "agency_id": agency_id, "label": info.label, "expires_at": expires},
    )
    return info, secret


def revoke_token(registry: Registry, actor: str, token_id: int) -> bool:
    done = registry.revoke_token(token_id)
    if done:
        registry.audit(actor, "token.revoke", f"token:{token_id}")
    return done


def upload_catalogue(
    registry: Registry,
    actor: str,
    agency_id: str,
    data: bytes,
    fmt: str,
    *,
    keep: int = DEFAULT_VERSIONS_KEPT,
) -> Catalogue:
    """Check every row first (:class:`CatalogueError` names the bad lines); only a clean
    file becomes the new version in force, and only if it differs from the one in force
    (the newest ``keep`` versions are kept). A refused file is audited too
    (``catalogue.refused``), so a flood of bad files from one token shows in the log."""
    try:
        services = parse_catalogue(data, fmt)
    except CatalogueError as exc:
        registry.audit(
            actor,
            "catalogue.refused",
            f"agency:{agency_id}",
            {"problems": len(exc.problems), "format": fmt, "bytes": len(data)},
        )
        raise
    catalogue, new = registry.store_catalogue(
        agency_id, services, uploaded_by=actor, source=fmt, keep=keep
    )
    if not new:
        return catalogue  # nothing was written
    registry.audit(
        actor,
        "catalogue.upload",
        f"agency:{agency_id}",
        {"version": catalogue.version, "services": len(services), "format": fmt},
    )
    return catalogue


# -- search rules: the registrar's synonyms and best bets -------------------------------------


def add_search_rule(
    registry: Registry,
    backend: SearchBackend,
    actor: str,
    kind: RuleKind,
    phrase: str,
    target: str,
) -> SearchRule:
    """Store a synonym or a best bet, audited; a best bet must name an indexed service.

    Applied to the next search (no restart, no reindex).
    """
    if kind is RuleKind.BEST_BET and backend.get(target.strip()) is None:
        raise SearchRuleError(
            "target", "unknown_service", f"no indexed service has the id {target[:60]!r}"
        )
    rule = registry.add_search_rule(kind, phrase, target, created_by=actor)
    registry.audit(
        actor,
        "search_rule.create",
        f"search_rule:{rule.id}",
        {"kind": rule.kind.value, "phrase": rule.shown, "target": rule.target},
    )
    return rule


def delete_search_rule(registry: Registry, actor: str, rule_id: int) -> bool:
    rule = registry.delete_search_rule(rule_id)
    if rule is None:
        return False
    registry.audit(
        actor,
        "search_rule.delete",
        f"search_rule:{rule.id}",
        {"kind": rule.kind.value, "phrase": rule.shown, "target": rule.target},
    )
    return True
