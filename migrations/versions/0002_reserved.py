"""RESERVED: placeholder in the chain; replace this file's body (and its name) with the real migration.

Revision ID: 0002
Revises: 0001
"""

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
