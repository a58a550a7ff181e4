"""``ruling-desk invitations import FILE [--dry-run]``: the CSV import for scripting, as the deployment owner.

The same reading, checks and all-or-none transaction as the workstation's
import dialog (:mod:`services.invitation_import`). Bad rows go to stderr,
one a line with the file's line number; the codes go to stdout as CSV,
once, for the administrator to hand out.
"""

from __future__ import annotations

import argparse
import sys

from app.async_runner import run_async
from app.connection import open_connection
from app.errors import CommandError
from app.owner_database import as_owner, require_head
from app.settings import Settings
from services.database_urls import sqlalchemy_url
from services.invitation_import import InvitationImport
from services.invitation_import_rows import ImportedCode, ImportPreview, codes_csv
from services.unit_of_work import UnitOfWork


def run_invitations(settings: Settings, args: argparse.Namespace) -> int:
    """Preview ``args.file``; unless ``--dry-run`` or a row is wrong, import it and print the codes."""
    try:
        data = args.file.read_bytes()
    except OSError as failure:
        raise CommandError(f"cannot read {args.file}: {failure.strerror or failure}") from failure
    source = args.file.name

    async def work(uow: UnitOfWork) -> tuple[ImportPreview, tuple[ImportedCode, ...]]:
        importer = InvitationImport(uow)
        preview = await importer.preview(data)
        if args.dry_run or not preview.ready:
            return preview, ()
        return preview, await importer.run(preview, source=source)

    connection = open_connection(settings)
    try:
        url = sqlalchemy_url(connection.url)
        require_head(url)
        preview, codes = run_async(as_owner(url, work))
    finally:
        connection.close()
    if preview.problem is not None:
        raise CommandError(f"{source}: {preview.problem}")
    for row in preview.bad_rows:
        print(f"{source}: line {row.line} ({row.email or 'no address'}): {' '.join(row.problems)}", file=sys.stderr)
    if not preview.ready:
        print(
            f"{source}: {len(preview.bad_rows)} of {len(preview.rows)} rows to fix; nothing imported", file=sys.stderr
        )
        return 1
    if args.dry_run:
        print(f"{source}: all {len(preview.rows)} rows are ready; nothing imported (dry run)", file=sys.stderr)
        return 0
    sys.stdout.write(codes_csv(codes))
    print(f"{source}: {len(codes)} invitations created; their codes are above and shown only now", file=sys.stderr)
    return 0
