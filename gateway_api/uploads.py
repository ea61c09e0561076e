"""How often an agency may upload its declared catalogue, and how many versions are kept.

Every accepted upload (up to 2 MB) is a write to the registry that crawls, link checks
and the audit log share. A rogue or stolen agency token must not be able to fill its
disk: an agency may upload at most ``per_hour`` files an hour (counted per agency in
this process, like the sign-in throttle), a file identical to the catalogue in force is
no new version, and only the newest ``versions_kept`` versions are kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from fastapi import Request

from gateway_api.text import persian_digits
from gateway_api.throttle import FailureThrottle
from registry.catalogues import DEFAULT_VERSIONS_KEPT

DEFAULT_UPLOADS_PER_HOUR = 20
_HOUR = 3600.0


@dataclass
class UploadPolicy:
    per_hour: int = DEFAULT_UPLOADS_PER_HOUR
    versions_kept: int = DEFAULT_VERSIONS_KEPT
    _counts: FailureThrottle = field(init=False)

    def __post_init__(self) -> None:
        self._counts = FailureThrottle(max_failures=self.per_hour, window=_HOUR)

    def refused(self, agency_id: str) -> tuple[str, str, int] | None:
        """Count one upload of the agency; over the limit: (Persian, English, seconds to
        wait) saying what the limit is."""
        wait, _ = self._counts.attempt(agency_id)
        if wait is None:
            return None
        minutes = max(1, math.ceil(wait / 60))
        fa = (
            f"هر دستگاه در هر ساعت حداکثر {persian_digits(self.per_hour)} بار می‌تواند فهرست"
            f" خدمات را بارگذاری کند؛ لطفاً {persian_digits(minutes)} دقیقه دیگر دوباره"
            " امتحان کنید."
        )
        en = f"at most {self.per_hour} catalogue uploads an hour per agency; retry in {wait} s"
        return fa, en, wait


def upload_policy(request: Request) -> UploadPolicy:
    policy: UploadPolicy = request.app.state.upload_policy
    return policy
