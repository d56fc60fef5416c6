"""Where the tests find the page checkers that `make install-dev` installs from package-lock.json
(the Nu HTML checker, Lighthouse) and the programs they run on (Java, Node, Chromium).

A missing one skips the test with the command that installs it; under CI=true it fails the test,
since .ci/run installs them all.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path("/usr/bin/chromium")


def program(name: str, install: str) -> str:
    """The path of `name` on the PATH, else a skip (a failure under CI) saying how to install it."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not on the PATH ({install})")
    return path


def file(path: Path, install: str) -> Path:
    if not path.exists():
        missing(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} is missing ({install})")
    return path


def missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}: CI must have it, .ci/run installs it.")
    pytest.skip(f"{reason}: the test did not run.")
