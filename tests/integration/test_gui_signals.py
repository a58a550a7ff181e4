"""Ctrl-C or SIGTERM to ``ruling-desk`` closes it cleanly: the embedded server it started stops."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from app.embedded_server import EmbeddedServer

CLI = str(Path(sys.executable).parent / "ruling-desk")


@pytest.mark.parametrize("moment", ["while-preparing", "at-the-sign-in-dialog"])
def test_a_terminal_signal_stops_the_app_and_its_embedded_server(moment: str) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="rd-signal-"))
    data_dir.chmod(0o755)  # the embedded server may run as an unprivileged user
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RULING_DESK_")}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment["XDG_CONFIG_HOME"] = str(data_dir / "config")  # keep the profile book out of the real home
    app = subprocess.Popen(
        [CLI, "--data-dir", str(data_dir)], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
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
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
