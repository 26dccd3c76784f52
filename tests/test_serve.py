"""`make serve` on a port that is taken says so and how to pick another, without a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

from conftest import ROOT


def test_serve_on_a_busy_port_says_the_port_is_busy_and_how_to_pick_another():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(port)],
                                capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"port {port} is already in use" in result.stderr
    assert f"make serve PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
