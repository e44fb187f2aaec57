"""Django started afresh in a child process, for tests of what settings do at start-up."""

import os
import subprocess
import sys


def run_settings(env, code="import django; django.setup()"):
    """Start Django with only `env` set, in a fresh process, and run `code`."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "thinktank.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )
