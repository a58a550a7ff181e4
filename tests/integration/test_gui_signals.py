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

from app.embedded_server import EmbeddedServer

CLI = str(Path(sys.executable).parent / "ruling-desk")


def test_a_terminal_signal_at_the_sign_in_dialog_stops_the_embedded_server() -> None:
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
        # The demo accounts' passwords are written just before the sign-in dialog opens.
        deadline = time.monotonic() + 120
        while not any(data_dir.glob("demo-passwords.json")) and time.monotonic() < deadline:
            assert app.poll() is None, app.communicate()
            time.sleep(0.2)
        assert server.status().running
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
