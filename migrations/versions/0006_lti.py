"""LTI 1.3: registered platforms, login states, used nonces, courses and rosters, links, pending scores.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _platform_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["platform_id"], ["lti_platform.id"], name=op.f(f"fk_{table}_platform_id_lti_platform"), ondelete="CASCADE"
    )


def upgrade():
    op.create_table(
        "lti_platform",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("deployment_ids", sa.JSON(), nullable=False),
        sa.Column("auth_url", sa.String(length=500), nullable=False),
        sa.Column("token_url", sa.String(length=500), nullable=False),
        sa.Column("jwks_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_platform")),
        sa.UniqueConstraint("issuer", "client_id", name=op.f("uq_lti_platform_issuer_client_id")),
    )
    op.create_table(
        "lti_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _platform_fk("lti_state"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_state")),
        sa.UniqueConstraint("state", name=op.f("uq_lti_state_state")),
    )
    op.create_index(op.f("ix_lti_state_platform_id"), "lti_state", ["platform_id"])
    op.create_table(
        "lti_nonce",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=255), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        _platform_fk("lti_nonce"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_nonce")),
        sa.UniqueConstraint("platform_id", "nonce", name=op.f("uq_lti_nonce_platform_id_nonce")),
    )
    op.create_index(op.f("ix_lti_nonce_used_at"), "lti_nonce", ["used_at"])
    op.create_table(
        "lti_instructor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        _platform_fk("lti_instructor"),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_lti_instructor_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_instructor")),
        sa.UniqueConstraint("platform_id", "user_id", name=op.f("uq_lti_instructor_platform_id_user_id")),
    )
    op.create_index(op.f("ix_lti_instructor_teacher_id"), "lti_instructor", ["teacher_id"])
    op.create_table(
        "lti_context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=True),
        sa.Column("memberships_url", sa.String(length=500), nullable=True),
        sa.Column("roster_fetched_at", sa.DateTime(), nullable=True),
        _platform_fk("lti_context"),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_lti_context_classroom_id_classroom"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_context")),
        sa.UniqueConstraint("platform_id", "context_id", name=op.f("uq_lti_context_platform_id_context_id")),
    )
    op.create_index(op.f("ix_lti_context_classroom_id"), "lti_context", ["classroom_id"])
    op.create_table(
        "lti_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lti_context_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("learner", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lti_context_id"],
            ["lti_context.id"],
            name=op.f("fk_lti_member_lti_context_id_lti_context"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_member")),
        sa.UniqueConstraint("lti_context_id", "user_id", name=op.f("uq_lti_member_lti_context_id_user_id")),
    )
    op.create_table(
        "lti_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("resource_link_id", sa.String(length=255), nullable=False),
        sa.Column("lti_context_id", sa.Integer(), nullable=True),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("lineitem_url", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _platform_fk("lti_link"),
        sa.ForeignKeyConstraint(
            ["lti_context_id"],
            ["lti_context.id"],
            name=op.f("fk_lti_link_lti_context_id_lti_context"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["quiz_id"], ["quiz.id"], name=op.f("fk_lti_link_quiz_id_quiz")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_link")),
        sa.UniqueConstraint("platform_id", "resource_link_id", name=op.f("uq_lti_link_platform_id_resource_link_id")),
    )
    op.create_index(op.f("ix_lti_link_lti_context_id"), "lti_link", ["lti_context_id"])
    op.create_index(op.f("ix_lti_link_quiz_id"), "lti_link", ["quiz_id"])
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(sa.Column("lti_user_id", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("lti_link_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_attempt_lti_link_id"), ["lti_link_id"])
        batch.create_foreign_key(
            batch.f("fk_attempt_lti_link_id_lti_link"), "lti_link", ["lti_link_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "lti_pending_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_lti_pending_score_attempt_id_attempt"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_pending_score")),
        sa.UniqueConstraint("attempt_id", name=op.f("uq_lti_pending_score_attempt_id")),
    )
    op.create_index(op.f("ix_lti_pending_score_next_try_at"), "lti_pending_score", ["next_try_at"])


def downgrade():
    op.drop_table("lti_pending_score")
    with op.batch_alter_table("attempt") as batch:
        batch.drop_constraint(batch.f("fk_attempt_lti_link_id_lti_link"), type_="foreignkey")
        batch.drop_index(batch.f("ix_attempt_lti_link_id"))
        batch.drop_column("lti_link_id")
        batch.drop_column("lti_user_id")
    for table in ("lti_link", "lti_member", "lti_context", "lti_instructor", "lti_nonce", "lti_state", "lti_platform"):
        op.drop_table(table)
