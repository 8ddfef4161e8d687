"""RESERVED: placeholder in the chain; replace this file's body (and its name) with the real migration.

Revision ID: 0003
Revises: 0002
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
