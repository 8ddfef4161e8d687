"""Sentences keep their reading (label, source, cues, carry-over); articles keep the rules' version and drafts.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sentence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attribution", sa.String(length=20), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("source", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("source_span", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("cues", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("carry_over", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reading_rules", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("drafts", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("drafts")
        batch_op.drop_column("reading_rules")
    with op.batch_alter_table("sentence", schema=None) as batch_op:
        batch_op.drop_column("carry_over")
        batch_op.drop_column("cues")
        batch_op.drop_column("source_span")
        batch_op.drop_column("source")
        batch_op.drop_column("attribution")
