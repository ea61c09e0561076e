"""Issue 12: agencies are first-class: every portal belongs to an existing agency.

Registries made by revision 0002 already hold one agency per portal (same id),
but a portal row could still name no agency, or an agency row that is not
there. This revision repairs both without losing anything (a missing agency is
created with the portal's id and Persian name, as 0002 did), then makes the
rule a constraint: ``portals.agency_id`` is required and refers to ``agencies``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE portals SET agency_id = id WHERE agency_id IS NULL")
    op.execute(
        "INSERT INTO agencies (id, name, created_at)"
        " SELECT agency_id, MIN(agency), MIN(registered_at) FROM portals"
        " WHERE agency_id NOT IN (SELECT id FROM agencies) GROUP BY agency_id"
    )
    with op.batch_alter_table("portals") as batch:
        batch.alter_column("agency_id", existing_type=sa.String(64), nullable=False)
        batch.create_foreign_key("fk_portals_agency_id", "agencies", ["agency_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("portals") as batch:
        batch.drop_constraint("fk_portals_agency_id", type_="foreignkey")
        batch.alter_column("agency_id", existing_type=sa.String(64), nullable=True)
