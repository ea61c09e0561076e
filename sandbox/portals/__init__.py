"""One module per portal style; ``build_sites`` makes a fresh set (each with its own hidden set)."""

from __future__ import annotations

from sandbox.site import Site


def build_sites(slow_seconds: float = 1.5) -> dict[str, Site]:
    from sandbox.portals import abfa, karaj, mrud, ostandari, sabt, tax

    sites: list[Site] = [
        mrud.MrudSite(),
        tax.TaxSite(),
        karaj.KarajSite(),
        abfa.AbfaSite(),
        sabt.SabtSite(slow_seconds=slow_seconds),
        ostandari.OstandariSite(),
    ]
    return {site.id: site for site in sites}
