"""wrk, the HTTP load generator (Debian's package), in its own process: one POST body at one concurrency."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class LoadResult:
    """Requests per second and the median and 99th-percentile latency of one wrk run."""

    rps: float
    p50_ms: float
    p99_ms: float


def require_wrk() -> None:
    """Fail before any measurement when the load generator is missing."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is needed for the query benchmark: apt-get install wrk")


def run_wrk(url: str, body: str, concurrency: int, seconds: int) -> LoadResult:
    """POST ``body`` (JSON) to ``url`` from ``concurrency`` connections on one wrk thread for ``seconds``."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "post.lua"
        script.write_text(post_script(body), encoding="utf-8")
        command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", str(script), url]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_output(output)


def post_script(body: str) -> str:
    """wrk's Lua setup that makes every request a JSON POST of ``body``."""
    return f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n'


def parse_output(output: str) -> LoadResult:
    """The numbers of wrk's ``--latency`` report, rounded: whole requests/s, latencies in ms to 0.01."""
    rps = float(_search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return LoadResult(round(rps), round(latency_ms(output, "50"), 2), round(latency_ms(output, "99"), 2))


def latency_ms(output: str, percentile: str) -> float:
    """One row of wrk's latency distribution ("  50%  212.00us"), in milliseconds."""
    match = _search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _search(pattern: str, output: str) -> re.Match[str]:
    match = re.search(pattern, output, re.M)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in wrk's output:\n{output}")
    return match
