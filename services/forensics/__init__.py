"""Forensic aids for the evidence panel, Qt-free and database-free where they can be.

Each aid lives in its own module and returns a result type from
:mod:`services.forensics.findings` (plain frozen dataclasses, importable
by the UI without numpy or SQLAlchemy), each carrying a one-line plain
``explanation`` for the reviewer. Only :mod:`.reuse` and :mod:`.stored`
touch the database.
"""
