"""Server processes on a free port, used once ``/health`` answers, then stopped (the query benchmark and the tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

STARTUP_SECONDS = 600  # a server loads its whole store before it answers; 100,000 articles take minutes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
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
        wait_until_healthy(process, f"http://127.0.0.1:{port}/health", module_args[0])
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        process.terminate()
        process.wait()


def wait_until_healthy(process: subprocess.Popen[bytes], health: str, name: str, timeout: float = STARTUP_SECONDS, log: Path | None = None) -> None:
    """Return once ``health`` answers 200; raise when the process exits or the time is up (with its log, when it has one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}{_tail(log)}")
        try:
            if httpx.get(health, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer {health} within {timeout:g}s{_tail(log)}")


def _tail(log: Path | None) -> str:
    return f":\n{log.read_text()}" if log is not None else ""
