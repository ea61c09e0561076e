"""Registration documents of the sandbox portals, filled in with the origins they run on."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlsplit

import yaml

from registry.registration import Registration


def template(portal_id: str) -> str:
    """The registration document as committed, with ``{origin}``/``{host}`` placeholders."""
    files = resources.files("sandbox") / "registrations" / f"{portal_id}.yaml"
    return files.read_text(encoding="utf-8")


def registration(portal_id: str, origin: str) -> Registration:
    """The portal's registration for a running origin such as ``http://127.0.1.3:41234``."""
    host = urlsplit(origin).hostname or ""
    text = template(portal_id).replace("{origin}", origin.rstrip("/")).replace("{host}", host)
    return Registration.parse(yaml.safe_load(text))
