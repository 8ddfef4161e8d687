"""RESERVED: placeholder in the chain; replace this file's body (and its name) with the real migration.

Revision ID: 0006
Revises: 0005
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
