"""Answers saved as they are given; article versions, archived articles and quizzes; the version an attempt read.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_saved_answer_attempt_id_attempt"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], name=op.f("fk_saved_answer_question_id_question")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_answer")),
        sa.UniqueConstraint("attempt_id", "question_id", name=op.f("uq_saved_answer_attempt_id_question_id")),
    )
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("archived", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.create_foreign_key(batch_op.f("fk_article_previous_id_article"), "article", ["previous_id"], ["id"])
    with op.batch_alter_table("quiz") as batch_op:
        batch_op.add_column(sa.Column("archived", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.add_column(sa.Column("article_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_attempt_article_id_article"), "article", ["article_id"], ["id"])


def downgrade():
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attempt_article_id_article"), type_="foreignkey")
        batch_op.drop_column("article_id")
    with op.batch_alter_table("quiz") as batch_op:
        batch_op.drop_column("archived")
    with op.batch_alter_table("article") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_article_previous_id_article"), type_="foreignkey")
        batch_op.drop_column("archived")
        batch_op.drop_column("previous_id")
        batch_op.drop_column("version")
    op.drop_table("saved_answer")
