"""SQL kept as SQL: a revision's functions, policies and grants live in ``.sql`` files beside it.

A newcomer greps ``migrations/sql/`` to find a policy or a function; a
revision executes its files in the order it names them. Files are frozen
per revision (``migrations/sql/<revision>/<name>.sql``): a later revision
that changes a function adds its own file instead of editing an old one,
so replaying history from ``base`` always builds the same database.

A file may hold many statements (functions with ``$$`` bodies, ``%`` in
format strings, ``:`` in casts): it is sent to the server as written, on
the migration's own connection and transaction, without any client-side
parameter handling. In offline mode (``alembic upgrade --sql``, a script
for a DBA to review and run) it is written into the script as it is.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from alembic import context, op


@cache
def sql_text(revision: str, name: str) -> str:
    """The text of ``migrations/sql/<revision>/<name>.sql``, read once from the installed package.

    ``name`` may name a sub-folder with ``/`` (``"policies/rulings"``) on every
    platform: each part is joined separately, as ``importlib.resources`` wants.
    """
    *folders, stem = name.split("/")
    sql_file = resources.files("migrations").joinpath("sql", revision, *folders, f"{stem}.sql")
    return sql_file.read_text(encoding="utf-8")


def execute_sql_file(revision: str, name: str) -> None:
    """Run every statement of one SQL file inside the running migration's transaction."""
    if context.is_offline_mode():
        op.get_context().impl.static_output(sql_text(revision, name))
    else:
        op.get_bind().exec_driver_sql(sql_text(revision, name), execution_options={"no_parameters": True})
