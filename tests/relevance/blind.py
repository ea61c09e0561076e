"""The blind sets: judged queries written by someone who never saw the code, the synonyms or a
result (``blind/README.md``), evaluated as the hidden evaluation mixes services: the crawled
sandbox province, the external records and the blind set's own real records in one index.

The sets, each reported per split (dev may be tuned on; heldout is the honest figure):

* ``sandbox``: queries on the sandbox province's 410 services (``sandbox_judgments.yaml``);
* ``records``: 79 real records of three agency groups no other set has (``services.yaml``,
  ``judgments.yaml``);
* ``transport``: 69 real records of five more (civil aviation, airports, ports and maritime,
  national cartography, meteorology), written in another session a day later
  (``services_set4.yaml``, ``judgments_set4.yaml``);
* ``food-land``: 61 real records of four more (national land affairs, fisheries, the food and
  drug deputies of medical universities, technical and vocational training), written in a
  fourth session (``services_set5.yaml``, ``judgments_set5.yaml``);
* ``waqf-trade``: 46 real records of four more (endowments and charity, industry, mine and
  trade, the government punishments organisation, health insurance), written in a fifth
  session (``services_set6.yaml``, ``judgments_set6.yaml``);
* ``relief-nationals``, ``licensed-custody`` and ``elite-mining``: sets 7 to 9, one session each
  (``blind/README.md`` names their agency groups).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.relevance import external

if TYPE_CHECKING:
    from indexer.backend import SearchBackend
    from tests.relevance.harness import Report

FOLDER = Path(__file__).with_name("blind")
SERVICES = FOLDER / "services.yaml"
JUDGMENTS = FOLDER / "judgments.yaml"
SANDBOX_JUDGMENTS = FOLDER / "sandbox_judgments.yaml"
SET4_SERVICES = FOLDER / "services_set4.yaml"
SET4_JUDGMENTS = FOLDER / "judgments_set4.yaml"
SET5_SERVICES = FOLDER / "services_set5.yaml"
SET5_JUDGMENTS = FOLDER / "judgments_set5.yaml"
SET6_SERVICES = FOLDER / "services_set6.yaml"
SET6_JUDGMENTS = FOLDER / "judgments_set6.yaml"
SET7_SERVICES = FOLDER / "services_set7.yaml"
SET7_JUDGMENTS = FOLDER / "judgments_set7.yaml"
SET8_SERVICES = FOLDER / "services_set8.yaml"
SET8_JUDGMENTS = FOLDER / "judgments_set8.yaml"
SET9_SERVICES = FOLDER / "services_set9.yaml"
SET9_JUDGMENTS = FOLDER / "judgments_set9.yaml"
SET10_SERVICES = FOLDER / "services_set10.yaml"
SET10_JUDGMENTS = FOLDER / "judgments_set10.yaml"
SET11_SERVICES = FOLDER / "services_set11.yaml"
SET11_JUDGMENTS = FOLDER / "judgments_set11.yaml"
SETS = {
    "sandbox": SANDBOX_JUDGMENTS,
    "records": JUDGMENTS,
    "transport": SET4_JUDGMENTS,
    "food-land": SET5_JUDGMENTS,
    "waqf-trade": SET6_JUDGMENTS,
    "relief-nationals": SET7_JUDGMENTS,
    "licensed-custody": SET8_JUDGMENTS,
    "elite-mining": SET9_JUDGMENTS,
    "tribes-freezone": SET10_JUDGMENTS,
    "games-fuel": SET11_JUDGMENTS,
}
# each set's own records, all in the one index
RECORDS = (
    SERVICES,
    SET4_SERVICES,
    SET5_SERVICES,
    SET6_SERVICES,
    SET7_SERVICES,
    SET8_SERVICES,
    SET9_SERVICES,
    SET10_SERVICES,
    SET11_SERVICES,
)


def run(backend: SearchBackend) -> dict[str, dict[str, Report]]:
    """Reports of the gateway and the baselines on both blind sets. ``backend`` holds the
    crawled sandbox province; the external and blind records are added to it."""
    from sandbox import PORTAL_IDS
    from tests.relevance.harness import backend_search, in_site_order

    province = in_site_order(backend.documents(list(PORTAL_IDS)))  # ids change with every crawl
    records = external.load_services() + [d for f in RECORDS for d in external.load_services(f)]
    backend.upsert(records)
    docs = province + records
    recs = external.records(docs)
    search = backend_search(backend)
    out = {}
    for name, path in SETS.items():
        judged = external.load_judgments(docs, path, external.SPLITS)
        out[name] = external.evaluate_all(search, judged, recs, external.CLASSES)
    return out
