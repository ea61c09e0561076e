"""The sandbox province (استان البرز): six agency portals served over loopback HTTP.

Each portal is its own origin (127.0.1.1, 127.0.1.2, ...) in the style a real Iranian
portal of that kind uses, with committed ground truth and registration documents, so
crawler tests can measure precision and recall against real HTTP.
"""

from __future__ import annotations

from sandbox.groundtruth import PORTAL_IDS, ground_truth
from sandbox.portals import build_sites
from sandbox.province import Province, RunningPortal
from sandbox.site import GroundTruthService

__all__ = [
    "PORTAL_IDS",
    "GroundTruthService",
    "Province",
    "RunningPortal",
    "ground_truth",
    "start_province",
]


def start_province(
    host_prefix: str = "127.0.1.", port: int = 0, slow_seconds: float = 1.5
) -> Province:
    """Start every portal on ``{host_prefix}1``, ``{host_prefix}2``, ... (port 0: ephemeral).

    Ports stay fixed for the life of the Province, so a stopped portal restarts on
    the same origin and its registration stays valid.
    """
    portals: dict[str, RunningPortal] = {}
    try:
        for index, (portal_id, site) in enumerate(build_sites(slow_seconds).items(), start=1):
            portals[portal_id] = RunningPortal(site, f"{host_prefix}{index}", port)
    except OSError:
        for running in portals.values():
            running.stop()
        raise
    return Province(portals)
