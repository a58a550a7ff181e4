"""Ctrl-C or SIGTERM to ``ruling-desk`` closes it cleanly: the embedded server it started stops."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from app.embedded_server import EmbeddedServer
from tests.cli import start_cli


@pytest.mark.parametrize("moment", ["while-preparing", "at-the-sign-in-dialog"])
def test_a_terminal_signal_stops_the_app_and_its_embedded_server(moment: str, data_dir: Path) -> None:
    # XDG_CONFIG_HOME keeps the profile book out of the real home.
    environment = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(data_dir / "config")}
    app = start_cli("--data-dir", str(data_dir), env=environment)
    server = EmbeddedServer(data_dir)
    try:
        # While preparing: the server answers, migrations and the first-run seed are under way.
        # At the dialog: the demo accounts' passwords are written just before it opens.
        def ready() -> bool:
            if moment == "while-preparing":
                return (data_dir / "embedded-server.json").exists() and server.status().running
            return (data_dir / "demo-passwords.json").exists()

        deadline = time.monotonic() + 120
        while not ready() and time.monotonic() < deadline:
            assert app.poll() is None, app.communicate()
            time.sleep(0.05)
        assert server.status().running
        if moment == "at-the-sign-in-dialog":
            time.sleep(1.0)
        app.send_signal(signal.SIGINT)
        _, err = app.communicate(timeout=60)
        assert app.returncode == 0, err
        assert "Traceback" not in err
        assert not server.status().running
    finally:
        if app.poll() is None:
            app.kill()
