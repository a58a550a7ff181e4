"""The ``ruling-desk`` command line: the app itself and its maintenance commands.

Every command resolves :class:`~app.settings.Settings` once and either uses
the configured database URL or the embedded server in the data directory.
Failures the user can act on are printed as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app.cli_help import add_command
from app.demo_defaults import DEFAULT_ENTRIES, DEFAULT_SEED
from app.embedded_server import EmbeddedServerError
from app.errors import CommandError
from app.invitations_parser import add_invitations_parser
from app.keys_parser import add_keys_parser
from app.listing_parser import add_listing_parsers
from app.logging_setup import configure_logging
from app.settings import Settings, resolve_settings
from app.users_parser import add_users_parser
from app.version import app_version
from app.webhooks_parser import add_webhooks_parser


def _global_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory (RULING_DESK_DATA_DIR)")
    options.add_argument(
        "--database-url", default=argparse.SUPPRESS, help="central PostgreSQL URL (RULING_DESK_DATABASE_URL)"
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = argparse.ArgumentParser(
        prog="ruling-desk", description="Document-fraud review workstation.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {app_version()}")
    _add_theme_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = add_command(
        commands,
        "gui",
        "open the workstation window (the default)",
        [common],
        "Starts the embedded server unless --database-url is given, then asks who signs in.",
    )
    _add_theme_option(gui)

    db = add_command(
        commands,
        "db",
        "the database: embedded server and migrations",
        [common],
        "start/stop/status/url act on the embedded server in the data directory; "
        "upgrade/downgrade migrate it, or the server of --database-url.",
    )
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add_command(db_commands, "start", "start the embedded server (initialising it first)", [common])
    add_command(db_commands, "stop", "stop the embedded server", [common])
    add_command(db_commands, "status", "report the server and schema state", [common])
    add_command(
        db_commands,
        "url",
        "print the owner's libpq URL (with credentials)",
        [common],
        'For psql "$(ruling-desk db url)". It carries the owner\'s password: do not paste it anywhere shared.',
    )
    add_command(
        db_commands, "check", "report which security hardening is in place; print what a DBA must run", [common]
    )
    upgrade = add_command(db_commands, "upgrade", "apply migrations", [common], "Up to REVISION (default: head).")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = add_command(
        db_commands, "downgrade", "revert migrations down to REVISION", [common], "'base' reverts every migration."
    )
    downgrade.add_argument("revision")

    seed = add_command(
        commands,
        "seed",
        "load deterministic demo data",
        [common],
        "Migrates to head first. Refuses a database that already holds demo data unless --replace is given. "
        "Progress goes to standard error, the summary to standard output.",
    )
    seed.add_argument(
        "--entries", type=int, default=DEFAULT_ENTRIES, help=f"number of screening entries (default {DEFAULT_ENTRIES})"
    )
    seed.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    seed.add_argument("--replace", action="store_true", help="delete existing demo data first")

    worker = add_command(
        commands,
        "worker",
        "run a background job node until stopped",
        [common],
        "Runs the queued background jobs (such as invitation e-mails) until Ctrl-C or SIGTERM.",
    )
    worker.add_argument("--node", help="node name, unique per process (default: host-pid)")
    worker.add_argument("--seconds", type=float, help="stop after this many seconds")

    bench = add_command(
        commands,
        "bench",
        "time the hot paths against the raw-SQL floor",
        [common],
        "Prints the median of each service-layer read and its ratio to the same SQL run raw.",
    )
    bench.add_argument("--runs", type=int, help="timed runs per figure (default 30; 3 with --reports)")
    bench.add_argument("--entries", type=int, help="demo entries to seed when the embedded database is empty")
    bench.add_argument("--json", action="store_true", help="one JSON object per hot path and role, one per line")
    bench.add_argument(
        "--reports", action="store_true", help="time each report type over every entry instead (cold, then warm)"
    )

    add_users_parser(commands, [common])
    add_keys_parser(commands, [common])
    add_webhooks_parser(commands, [common])
    add_invitations_parser(commands, [common])
    add_listing_parsers(commands, [common])

    self_test = add_command(
        commands,
        "self-test",
        "start headless, load the queue, exit",
        [common],
        "Exits 0 if the database, the sign-in and the first queue page all worked, printing the time taken.",
    )
    self_test.add_argument(
        "--screenshots", metavar="DIR", help="save PNGs of the shell for each demo role, light and dark"
    )
    return parser


def _add_theme_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default=argparse.SUPPRESS,
        help="colours: follow the system (default), or force light or dark",
    )


def _run_gui(settings: Settings, args: argparse.Namespace) -> int:
    from app.gui import run_gui
    from ui.theme import ThemeChoice

    return run_gui(settings, theme=ThemeChoice(getattr(args, "theme", "system")))


def _run_self_test(settings: Settings, args: argparse.Namespace) -> int:
    from app.self_test import run_self_test

    return run_self_test(settings, screenshots=args.screenshots)


def _run_db(settings: Settings, args: argparse.Namespace) -> int:
    from app import database_commands

    return database_commands.run(settings, args.db_command, getattr(args, "revision", None))


def _run_seed(settings: Settings, args: argparse.Namespace) -> int:
    from app.seed_command import run_seed

    return run_seed(settings, entries=args.entries, seed=args.seed, replace=args.replace)


def _run_worker(settings: Settings, args: argparse.Namespace) -> int:
    from app.worker_command import run_worker

    return run_worker(settings, node=args.node, seconds=args.seconds)


def _run_bench(settings: Settings, args: argparse.Namespace) -> int:
    if args.reports:
        from app.report_bench import run_report_bench

        return run_report_bench(settings, runs=args.runs or 3, as_json=args.json)
    from app.bench_command import run_bench

    return run_bench(settings, runs=args.runs or 30, entries=args.entries, as_json=args.json)


def _run_users(settings: Settings, args: argparse.Namespace) -> int:
    from app.users_command import run_users

    return run_users(settings, args)


def _run_keys(settings: Settings, args: argparse.Namespace) -> int:
    from app.keys_command import run_keys

    return run_keys(settings, args)


def _run_webhooks(settings: Settings, args: argparse.Namespace) -> int:
    from app.webhooks_command import run_webhooks

    return run_webhooks(settings, args)


def _run_invitations(settings: Settings, args: argparse.Namespace) -> int:
    from app.invitations_command import run_invitations

    return run_invitations(settings, args)


def _run_listing(settings: Settings, args: argparse.Namespace) -> int:
    from app.listing_command import run_listing

    return run_listing(settings, args)


_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "gui": _run_gui,
    "db": _run_db,
    "seed": _run_seed,
    "self-test": _run_self_test,
    "worker": _run_worker,
    "bench": _run_bench,
    "users": _run_users,
    "keys": _run_keys,
    "webhooks": _run_webhooks,
    "invitations": _run_invitations,
    "companies": _run_listing,
    "teams": _run_listing,
    "properties": _run_listing,
    "owners": _run_listing,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = resolve_settings(
        data_dir=getattr(args, "data_dir", None), database_url=getattr(args, "database_url", None)
    )
    command = _COMMANDS[args.command or "gui"]
    configure_logging(settings.log_dir, migrating=getattr(args, "db_command", None) in {"upgrade", "downgrade"})
    try:
        return command(settings, args)
    except (CommandError, EmbeddedServerError) as failure:
        print(f"ruling-desk: {failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
