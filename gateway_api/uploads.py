"""How often an agency may upload its declared catalogue, and how many versions are kept.

Every accepted upload (up to 2 MB) is a write to the registry that crawls, link checks
and the audit log share. A rogue or stolen agency token must not be able to fill its
disk: one token may upload at most ``per_hour`` files an hour for an agency (counted in
this process, like the sign-in throttle), a file identical to the catalogue in force is
no new version, and only the newest versions are kept (:mod:`registry.catalogues`).

Only accepted uploads spend that budget (red team 14 F06): twenty malformed files, which
store nothing, used to lock the agency out of its own correction for an hour. A refused
file still costs a parse, so refused uploads have their own, more generous budget
(``refused_per_hour``) that stops a broken script hammering the parser. Both are counted
per token, so a leaked token spending its hour does not lock out the agency's own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from fastapi import Request

from gateway_api.text import persian_digits
from gateway_api.throttle import FailureThrottle
from registry.catalogues import DEFAULT_VERSIONS_KEPT

DEFAULT_UPLOADS_PER_HOUR = 20
DEFAULT_REFUSED_PER_HOUR = 60
_HOUR = 3600.0


@dataclass
class UploadPolicy:
    per_hour: int = DEFAULT_UPLOADS_PER_HOUR
    versions_kept: int = DEFAULT_VERSIONS_KEPT
    refused_per_hour: int = DEFAULT_REFUSED_PER_HOUR
    _accepted: FailureThrottle = field(init=False)
    _refused: FailureThrottle = field(init=False)

    def __post_init__(self) -> None:
        self._accepted = FailureThrottle(max_failures=self.per_hour, window=_HOUR)
        self._refused = FailureThrottle(max_failures=self.refused_per_hour, window=_HOUR)

    def refused(self, agency_id: str, actor: str) -> tuple[str, str, int] | None:
        """Before reading the file: reserve one accepted upload of ``actor`` for the agency
        (taken back by :meth:`not_stored`); over a limit: (Persian, English, seconds to
        wait) saying what the limit is. Reserving first means concurrent uploads cannot
        all pass the check before the first of them is counted."""
        key = f"{agency_id} {actor}"
        if (wait := self._refused.retry_after(key)) is not None:
            fa = (
                f"در این ساعت {persian_digits(self.refused_per_hour)} پرونده نادرست فرستاده شده"
                f" است؛ لطفاً پرونده را بررسی کنید و {persian_digits(_minutes(wait))} دقیقه"
                " دیگر دوباره امتحان کنید."
            )
            en = (
                f"at most {self.refused_per_hour} refused catalogue uploads an hour per token;"
                f" retry in {wait} s"
            )
            return fa, en, wait
        wait, _ = self._accepted.attempt(key)
        if wait is None:
            return None
        fa = (
            f"هر دستگاه در هر ساعت حداکثر {persian_digits(self.per_hour)} بار می‌تواند فهرست"
            f" خدمات را بارگذاری کند؛ لطفاً {persian_digits(_minutes(wait))} دقیقه دیگر دوباره"
            " امتحان کنید."
        )
        en = f"at most {self.per_hour} catalogue uploads an hour per token; retry in {wait} s"
        return fa, en, wait

    def not_stored(self, agency_id: str, actor: str) -> None:
        """The file was refused: give back the upload :meth:`refused` reserved and count it
        against the refused budget instead."""
        key = f"{agency_id} {actor}"
        self._accepted.succeeded(key)
        self._refused.failed(key)


def _minutes(wait: int) -> int:
    return max(1, math.ceil(wait / 60))


def upload_policy(request: Request) -> UploadPolicy:
    policy: UploadPolicy = request.app.state.upload_policy
    return policy
