"""The load check (bench/loadcheck.py) sends its traffic to this machine only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "loadcheck.py"


def load_check(*args, **env):
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--duration", "1", *args],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("host", ["192.168.1.10", "0.0.0.0", "example.org"])
def test_the_load_check_refuses_to_serve_or_send_beyond_loopback(host):
    result = load_check("--host", host)
    assert result.returncode != 0
    assert f"Refusing '{host}'" in result.stderr


def test_the_load_check_refuses_a_database_beyond_loopback():
    result = load_check(DATABASE_URL="postgres://thinktank@10.1.2.3:5432/scratch")
    assert result.returncode != 0
    assert "Refusing '10.1.2.3'" in result.stderr
