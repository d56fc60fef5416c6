"""`manage.py` in a process of its own: how a test sees what settings.py makes of an environment,
which the test process read once, at its own start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, unset: tuple[str, ...] = (), timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    """`manage.py *args` with this process's environment less the variables whose names start with
    one of `unset` (the test run's own, which would hide the site's defaults), plus `env`; its
    output captured as text."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith(unset)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**kept, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
