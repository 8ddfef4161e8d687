"""Database work: attempts, accounts, import and export, the queries behind reports, backups.

Each function takes the database session; nothing here imports Flask or the web areas.
"""
