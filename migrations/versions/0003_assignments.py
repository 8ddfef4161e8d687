"""Assignments of quizzes to classes, class lists, attempts given back, teachers' time zones

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "class_student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("on_list", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_class_student_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_student")),
        sa.UniqueConstraint("classroom_id", "key", name=op.f("uq_class_student_classroom_id_key")),
    )
    with op.batch_alter_table("class_student") as batch_op:
        batch_op.create_index(batch_op.f("ix_class_student_classroom_id"), ["classroom_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("attempts_allowed", sa.Integer(), nullable=True),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_assignment_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["quiz_id"], ["quiz.id"], name=op.f("fk_assignment_quiz_id_quiz")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    with op.batch_alter_table("assignment") as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_classroom_id"), ["classroom_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_quiz_id"), ["quiz_id"], unique=False)

    op.create_table(
        "attempt_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("extra", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_attempt_grant_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["class_student.id"],
            name=op.f("fk_attempt_grant_student_id_class_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt_grant")),
        sa.UniqueConstraint("assignment_id", "student_id", name=op.f("uq_attempt_grant_assignment_id_student_id")),
    )
    with op.batch_alter_table("attempt_grant") as batch_op:
        batch_op.create_index(batch_op.f("ix_attempt_grant_student_id"), ["student_id"], unique=False)

    with op.batch_alter_table("attempt") as batch_op:
        batch_op.add_column(sa.Column("assignment_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_attempt_assignment_id"), ["assignment_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_attempt_assignment_id_assignment"),
            "assignment",
            ["assignment_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("quiz") as batch_op:
        # Quizzes made before assignments stay where they were: on the home page, open by their link.
        batch_op.add_column(sa.Column("open_to_anyone", sa.Boolean(), nullable=False, server_default="1"))
    with op.batch_alter_table("teacher") as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("teacher") as batch_op:
        batch_op.drop_column("time_zone")
    with op.batch_alter_table("quiz") as batch_op:
        batch_op.drop_column("open_to_anyone")
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attempt_assignment_id_assignment"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attempt_assignment_id"))
        batch_op.drop_column("assignment_id")
    op.drop_table("attempt_grant")
    op.drop_table("assignment")
    op.drop_table("class_student")
