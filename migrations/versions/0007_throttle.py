"""Failed tries (wrong class codes, wrong passwords) counted in the database, shared by every worker

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("wait_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_throttle_scope_key")),
    )
    with op.batch_alter_table("throttle") as batch_op:
        batch_op.create_index(batch_op.f("ix_throttle_last_failure_at"), ["last_failure_at"], unique=False)


def downgrade():
    with op.batch_alter_table("throttle") as batch_op:
        batch_op.drop_index(batch_op.f("ix_throttle_last_failure_at"))
    op.drop_table("throttle")
