"""RESERVED: placeholder in the chain; replace this file's body (and its name) with the real migration.

Revision ID: 0007
Revises: 0006
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
