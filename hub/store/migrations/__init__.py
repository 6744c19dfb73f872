"""Alembic environment and revisions of the store (a package so it ships with the wheel)."""
