"""``graph-api bench --attacks``: every attack of the catalogue against real ``graph-api serve`` processes.

The seeds are ingested once into a store that every server then reads; one server runs per distinct
set of settings the attacks need, and an attack that ends its server gets one of its own. For each
attack: the wall time of its requests, the server's peak RSS meanwhile (its high-water mark, reset
before the attack, and samples of VmRSS), the status and first error message, and the slowest answer
of /health, asked every 50 ms on a new connection by a thread of its own while the attack runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from graph_api.bench.attacks import CATALOGUE, Attack, Settings
from graph_api.bench.hostile import Outcome, Target
from graph_api.bench.servers import free_port, wait_until_healthy
from graph_api.settings import BUNDLED_SEEDS, ENV_PREFIX

HEALTH_INTERVAL = 0.05
RSS_INTERVAL = 0.02
STARTUP_TIMEOUT = 180.0


@dataclass(frozen=True)
class AttackResult:
    """One attack as measured."""

    attack: str
    sent: str
    defence: str
    status: int | None
    answer: str
    held: bool
    seconds: float
    rss_mb: float | None  # the server's peak resident memory during the attack
    rss_growth_mb: float | None  # that peak over its resident memory when the attack began
    worst_health_seconds: float | None
    health_checks: int
    health_failures: list[str]  # what the checks that were not a 200 got


class HealthWatch:
    """A thread asking /health every 50 ms on a new connection, keeping the slowest answer and the failures."""

    def __init__(self, base: str) -> None:
        self.url = f"{base}/health"
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="health-watch", daemon=True)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()  # the check in flight finishes: a slow answer is still counted

    def _poll(self) -> None:
        with httpx.Client(timeout=30, limits=httpx.Limits(max_keepalive_connections=0)) as client:  # a new connection every time
            while True:
                start = time.monotonic()
                try:
                    status = client.get(self.url).status_code
                    if status != 200:
                        self.failures.append(f"HTTP {status}")
                except httpx.TransportError as error:
                    self.failures.append(type(error).__name__)
                self.latencies.append(time.monotonic() - start)
                if self._stop.wait(HEALTH_INTERVAL):
                    return

    @property
    def worst(self) -> float | None:
        return max(self.latencies, default=None)


class RssWatch:
    """A thread sampling a process's VmRSS; with its high-water mark reset at the start, the exact peak too."""

    def __init__(self, pid: int | None) -> None:
        self.status = Path(f"/proc/{pid}/status") if pid is not None else None
        self.samples: list[int] = []
        self.start_kb: int | None = None
        self.hwm_reset = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="rss-watch", daemon=True)

    def __enter__(self) -> RssWatch:
        if self.status is not None:
            self.hwm_reset = _reset_high_water_mark(self.status.parent)
            self.start_kb = self._read("VmRSS")
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        peak = self._read("VmHWM") if self.hwm_reset else None
        if peak is not None:
            self.samples.append(peak)

    def _sample(self) -> None:
        while not self._stop.is_set():
            rss = self._read("VmRSS")
            if rss is None:
                return  # the process is gone
            self.samples.append(rss)
            self._stop.wait(RSS_INTERVAL)

    def _read(self, field: str) -> int | None:
        """A ``Vm…`` line of /proc/PID/status in kB; None once the process has exited."""
        if self.status is None:
            return None
        try:
            text = self.status.read_text()
        except OSError:
            return None
        return next((int(line.split()[1]) for line in text.splitlines() if line.startswith(f"{field}:")), None)

    @property
    def peak_mb(self) -> float | None:
        return max(self.samples) / 1024 if self.samples else None

    @property
    def growth_mb(self) -> float | None:
        peak = self.peak_mb
        return None if peak is None or self.start_kb is None else peak - self.start_kb / 1024


def _reset_high_water_mark(proc: Path) -> bool:
    """Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0; our own processes only)."""
    try:
        (proc / "clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure(attack: Attack, target: Target) -> AttackResult:
    """Send one attack and measure it: time, peak RSS of the server (when its process is known), /health meanwhile."""
    with HealthWatch(target.base) as health, RssWatch(target.pid) as rss:
        start = time.monotonic()
        try:
            outcome = attack.send(target)
        except (OSError, httpx.HTTPError) as error:  # a hang or a dropped connection is a result, not a crash of the run
            outcome = Outcome(None, f"client error: {type(error).__name__}: {error}")
        seconds = time.monotonic() - start
    return AttackResult(
        attack=attack.name,
        sent=attack.sent,
        defence=attack.defence,
        status=outcome.status,
        answer=outcome.answer,
        held=attack.held(outcome),
        seconds=seconds,
        rss_mb=rss.peak_mb,
        rss_growth_mb=rss.growth_mb,
        worst_health_seconds=health.worst,
        health_checks=len(health.latencies),
        health_failures=health.failures,
    )


def environment(settings: Settings) -> dict[str, str]:
    """The ``GRAPH_API_*`` variables that give a server these settings."""
    return {ENV_PREFIX + name.upper(): value for name, value in settings}


@contextmanager
def server(store: Path, settings: Settings, workdir: Path) -> Iterator[Target]:
    """``graph-api serve`` on ``store`` with ``settings``, on a free port, until the block ends."""
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="server-", dir=workdir))
    log_path = folder / "server.log"
    env = {**os.environ, **environment(settings), "GRAPH_API_DB": str(store)}
    with log_path.open("w") as log:
        command = [sys.executable, "-m", "graph_api.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_healthy(process, f"{base}/health", "graph-api serve", timeout=STARTUP_TIMEOUT, log=log_path)
            yield Target(base, process)
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


def seeded_store(folder: Path) -> Path:
    """A store holding the bundled seed articles, ingested by ``graph-api ingest`` in its own process."""
    store = folder / "seeds.db"
    command = [sys.executable, "-m", "graph_api.cli", "ingest", str(BUNDLED_SEEDS)]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "GRAPH_API_DB": str(store)}, cwd=folder, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ingesting the seeds failed:\n{result.stderr}")
    return store


class Servers:
    """One shared server per distinct settings, started when first needed, stopped with the stack."""

    def __init__(self, stack: ExitStack, store: Path, workdir: Path) -> None:
        self.stack = stack
        self.store = store
        self.workdir = workdir
        self._shared: dict[Settings, Target] = {}

    def shared(self, settings: Settings) -> Target:
        if settings not in self._shared:
            self._shared[settings] = self.stack.enter_context(server(self.store, settings, self.workdir))
        return self._shared[settings]


def run_attacks(attacks: tuple[Attack, ...] = CATALOGUE, store: Path | None = None) -> list[AttackResult]:
    """Every attack against real servers of the seeds (or of ``store``), in catalogue order."""
    results = []
    with tempfile.TemporaryDirectory(prefix="graph-api-attacks-") as folder, ExitStack() as stack:
        workdir = Path(folder)
        servers = Servers(stack, store or seeded_store(workdir), workdir)
        for attack in attacks:
            if attack.own_server:
                with server(servers.store, attack.settings, workdir) as target:
                    results.append(measure(attack, target))
            else:
                results.append(measure(attack, servers.shared(attack.settings)))
    return results


def write_results(results: list[AttackResult], out: Path) -> Path:
    """The results as JSON in ``out``/attacks.json."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "attacks.json"
    path.write_text(json.dumps([asdict(result) for result in results], indent=2, ensure_ascii=False))
    return path


def format_table(results: list[AttackResult]) -> str:
    """The results as a Markdown table, and a line naming the attacks whose defence did not hold."""
    lines = ["| attack | sent | status | answer | time | server RSS | worst /health |", "| --- | --- | --- | --- | --- | --- | --- |"]
    lines += [_row(result) for result in results]
    failed = [result for result in results if not result.held]
    lines.append("")
    lines.append(f"Defences held: {len(results) - len(failed)} of {len(results)}.")
    lines += [f"NOT STOPPED: {result.attack}: {result.status or 'no response'}, {result.answer}" for result in failed]
    return "\n".join(lines)


def _row(result: AttackResult) -> str:
    status = str(result.status) if result.status is not None else "—"
    cells = [result.attack, result.sent, status, result.answer, f"{result.seconds:.2f} s", _rss(result), _health(result)]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _rss(result: AttackResult) -> str:
    if result.rss_mb is None:
        return "—"
    return f"{result.rss_mb:.0f} MB (+{max(0.0, result.rss_growth_mb or 0.0):.1f})"


def _health(result: AttackResult) -> str:
    if result.worst_health_seconds is None:
        return "—"
    text = f"{result.worst_health_seconds:.3f} s"
    if result.health_failures:
        kinds = ", ".join(sorted(set(result.health_failures)))
        text += f" ({len(result.health_failures)} of {result.health_checks} failed: {kinds})"
    return text
