"""A portal that moves from http to https keeps one copy of each service (red team round 8).

Every old URL answers 301 to the same path on https. Service ids hash the scheme, so the next
crawl stored every service again under its https URL while the http copies stayed: search
listed each service twice until the old copies retired two crawls later.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections import Counter
from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, crawl, html, selectors_registration, serve
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from indexer.backends import open_backend
from registry.reports import CrawlStatus

PORTAL = "moved"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴"]


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server context with a self-signed certificate for 127.0.0.1 (the crawler, like a
    browser's first visit, is not asked to trust it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


def pages() -> dict[str, Page]:
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES, 1))
    services = {
        f"/s/{n}": html(f'<h2 class="title">{t}</h2><div class="desc">شرح کامل {t}</div>')
        for n, t in enumerate(TITLES, 1)
    }
    return {"/": html(f"<html><body>{links}</body></html>"), **services}


def test_a_move_to_https_keeps_one_copy_of_each_service(
    tls: ssl.SSLContext, tmp_path: Path
) -> None:
    with serve(pages()) as old, serve(pages(), tls=tls) as new:
        registration = selectors_registration(PORTAL, old.origin)
        first = crawl([registration], tmp_path, overrides=FAST)[0]
        assert first.services_found == len(TITLES), first.summary()
        for path in list(old.pages):  # every http URL now says "moved permanently"
            old.pages[path] = (301, {"Location": new.origin + path}, b"")
        [moved] = crawl([registration], tmp_path, overrides=FAST)
    assert moved.status is CrawlStatus.COMPLETE, moved.summary()
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        docs = list(backend.documents([PORTAL]))
    finally:
        backend.close()
    assert Counter(doc.title for doc in docs) == Counter(TITLES), [d.url for d in docs]
    assert {doc.url.split(":", 1)[0] for doc in docs} == {"https"}
    assert (moved.new, moved.missing) == (0, 0), moved.summary()
