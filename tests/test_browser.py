"""GraphiQL rendered by a real headless Chromium against the real server."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.browser


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed (CI installs it)")
def test_graphiql_renders_and_runs_the_example_query(server: str, tmp_path: Path) -> None:
    assert CHROMIUM, "chromium must be installed in CI"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000", "--dump-dom", f"{server}/graphql",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert "graphiql-container" in dom, result.stderr[-2000:]
    assert "Loading GraphiQL" not in dom
    assert "exceeds maximum operation depth" not in dom and "Error" not in dom, "GraphiQL must load the schema"
    screenshot = tmp_path / "graphiql.png"
    subprocess.run([*command[:-2], "--window-size=1280,800", f"--screenshot={screenshot}", f"{server}/graphql"], capture_output=True, timeout=120)
    assert screenshot.exists() and screenshot.stat().st_size > 10_000
