"""Server processes for the query benchmark: started on a free port, used once healthy, then stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

STARTUP_SECONDS = 600  # a server loads its whole store before it answers; 100,000 articles take minutes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(module_args: list[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``python -m MODULE ARGS --port PORT`` until the block ends; yields its /graphql URL once /health answers."""
    port = free_port()
    command = [sys.executable, "-m", *module_args, "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    try:
        _wait_until_healthy(process, f"http://127.0.0.1:{port}/health", module_args[0])
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        process.terminate()
        process.wait()


def _wait_until_healthy(process: subprocess.Popen, health: str, name: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            if httpx.get(health, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer {health} within {STARTUP_SECONDS}s")
