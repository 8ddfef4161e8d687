"""RESERVED: placeholder in the chain; replace this file's body (and its name) with the real migration.

Revision ID: 0005
Revises: 0004
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
