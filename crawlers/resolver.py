"""The crawler's DNS resolver: the address Scrapy connects to is the address that is vetted.

:class:`~crawlers.middlewares.AddressGuardMiddleware` resolves a request's host
before the download and refuses a non-public address with a clear message. But
Twisted resolves the name again when it connects, and a DNS server answering a
public address to the first lookup and 127.0.0.1 to the second (DNS rebinding:
TTL 0, alternating answers) would get the crawler into the network it runs in.
This resolver *is* that second lookup: unless ``DARGAH_ALLOW_PRIVATE_ADDRESSES``
is set, a non-public answer never reaches Twisted, so no connection is made.

Twisted can only be told "no address" (the download then fails with a DNS
lookup error), so the refusal is also noted here by host name; the middleware's
``process_exception`` turns such a failure back into ``refused_private_address``
for the crawl report (:func:`refusal`).

Scrapy installs one resolver per process, on the reactor, built from the
``TWISTED_DNS_RESOLVER`` setting of the ``CrawlerProcess`` — not of each
crawler — so the private-address switch is read from the process settings
(:func:`crawlers.runner._base_settings` puts it there). Like Scrapy's default,
which it extends, it resolves IPv4 only, honours ``DNS_TIMEOUT`` and caches
answers (``DNSCACHE_*``); a cached answer is vetted again on every use.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Self

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawlers.middlewares import is_public

if TYPE_CHECKING:
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred

# host name -> why its latest answer was refused; an allowed answer clears it. Written
# and read on the reactor thread only (Deferred callbacks, downloader middlewares).
_refused: dict[str, str] = {}


def _key(host: str) -> str:
    return host.lower().rstrip(".")


def refusal(host: str) -> str | None:
    """Why the resolver last refused ``host``'s address, or None if it did not."""
    return _refused.get(_key(host))


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's default resolver, answering only public addresses unless private ones
    are allowed (then it is exactly Scrapy's default)."""

    allow_private = False

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: ReactorBase) -> Self:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("DARGAH_ALLOW_PRIVATE_ADDRESSES")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        answer = super().getHostByName(name, timeout)
        if not self.allow_private:
            answer.addCallback(self._vetted, name)
        return answer

    @staticmethod
    def _vetted(address: str, name: str) -> str:
        if is_public(ipaddress.ip_address(address)):
            _refused.pop(_key(name), None)
            return address
        detail = f"{name} resolves to non-public address {address} (at connection time)"
        _refused[_key(name)] = detail
        # DNSLookupError: Twisted's adapter drops it quietly and reports "no address".
        raise DNSLookupError(detail)
