"""Confidence per answer, the quiz options that ask for it and mark by it, and before/after links of assignments.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answer") as batch_op:
        batch_op.add_column(sa.Column("confidence", sa.String(length=10), nullable=True))
    with op.batch_alter_table("quiz") as batch_op:
        batch_op.add_column(sa.Column("ask_confidence", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("certainty_marking", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "growth_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("before_id", sa.Integer(), nullable=False),
        sa.Column("after_id", sa.Integer(), nullable=False),
        sa.Column("retention_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_growth_link_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["before_id"], ["assignment.id"], name=op.f("fk_growth_link_before_id_assignment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["after_id"], ["assignment.id"], name=op.f("fk_growth_link_after_id_assignment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["retention_id"],
            ["assignment.id"],
            name=op.f("fk_growth_link_retention_id_assignment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_link")),
        sa.UniqueConstraint("before_id", "after_id", name=op.f("uq_growth_link_before_id_after_id")),
    )
    with op.batch_alter_table("growth_link") as batch_op:
        batch_op.create_index(batch_op.f("ix_growth_link_classroom_id"), ["classroom_id"], unique=False)


def downgrade():
    with op.batch_alter_table("growth_link") as batch_op:
        batch_op.drop_index(batch_op.f("ix_growth_link_classroom_id"))
    op.drop_table("growth_link")
    with op.batch_alter_table("quiz") as batch_op:
        batch_op.drop_column("certainty_marking")
        batch_op.drop_column("ask_confidence")
    with op.batch_alter_table("answer") as batch_op:
        batch_op.drop_column("confidence")
