"""``graph-api ingest --ray [ADDRESS]`` as a real process on a real Ray cluster: the results, order and stored facts
of the plain single-process ingest, a worker killed mid-batch costs a retry and no article, and a cluster that is
not there or a Ray that is not installed is one clear line.

The inputs are those of tests/test_ingest_workers.py (batches of two, role references resolved through earlier
batches, duplicates and rejections). The actors are found by the process title Ray gives them
(``ray::ExtractionWorker.extract`` while extracting) and an environment variable each cluster's processes inherit.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph_api.bench.ingest_workers import bench_ingest_workers
from graph_api.bench.report import ingest_workers
from graph_api.bench.servers import free_port
from graph_api.model import StoredArticle
from tests.conftest import graph_api_command
from tests.test_ingest_workers import Run, folder, ingest, one_worker, stored

__all__ = ["folder", "one_worker"]  # the module fixtures of the workers' tests, used here too

if importlib.util.find_spec("ray") is None:
    if os.environ.get("CI"):
        pytest.fail("ray is not installed: CI installs graph-api[distributed]", pytrace=False)
    pytest.skip("ray is not installed: pip install 'graph-api[distributed]'", allow_module_level=True)

pytestmark = pytest.mark.slow
MARKER = "GRAPH_API_TEST_RAY"  # in the environment of every process of a cluster a test starts, with its own value
ACTOR = b"ray::ExtractionWorker"
START_SECONDS = 120
# Ray's secure default, which a command joining a cluster by address opts into; a token of the module's own, in no file
TOKEN = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}


def actors(marker: str, extracting: bool = False) -> set[int]:
    """The extraction actors' processes of the cluster with this marker (only those running a batch: ``extracting``)."""
    title = ACTOR + b".extract" if extracting else ACTOR
    found = set()
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if (proc / "cmdline").read_bytes().startswith(title) and f"{MARKER}={marker}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.add(int(proc.name))
    return found


def watching(marker: str, act: Callable[[set[int]], None] | None = None) -> Callable[[int, str, set[int]], None]:
    """A ``watch`` for ``ingest``: hands ``act`` the actors of the cluster running a batch, every 50 ms."""

    def watch(_pid: int, _out: str, _workers: set[int]) -> None:
        if act is not None:
            act(actors(marker, extracting=True))

    return watch


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """``ray start --head --block`` with two CPUs on free ports; yields its address and marker, and stops it (its reaper stops the rest)."""
    marker = uuid.uuid4().hex
    port = free_port()
    ports = {
        "--port": port, "--dashboard-agent-listen-port": free_port(),
        "--dashboard-agent-grpc-port": free_port(), "--metrics-export-port": free_port(), "--runtime-env-agent-port": free_port(),
    }  # fmt: skip
    command = [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block", "--num-cpus", "2", "--include-dashboard", "false"]
    command += ["--disable-usage-stats", *(f"{option}={value}" for option, value in ports.items())]
    log = tmp_path_factory.mktemp("ray") / "ray-start.log"
    with log.open("w") as output:
        head = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **TOKEN, MARKER: marker})
    try:
        deadline = time.monotonic() + START_SECONDS
        while "Ray runtime started" not in log.read_text() and head.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert head.poll() is None and "Ray runtime started" in log.read_text(), log.read_text()[-3000:]
        yield f"127.0.0.1:{port}", marker
    finally:
        head.send_signal(signal.SIGINT)
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()
            head.wait()


def test_a_local_cluster_gives_the_results_order_and_stored_facts_of_one_process(
    folder: Path, one_worker: tuple[Run, list[tuple[int, StoredArticle]]]
) -> None:
    """``--ray`` with no address: the command starts a cluster of its own, two actors on it, and stops it at the end."""
    serial, serial_articles = one_worker
    marker = uuid.uuid4().hex
    seen: set[int] = set()

    def note(_pid: int, _out: str, _workers: set[int]) -> None:
        seen.update(actors(marker))

    run = ingest(folder, folder / "ray-local.db", "--workers", "2", "--ray", env={MARKER: marker}, watch=note)
    assert run.returncode == 0, run.stderr
    assert len(seen) == 2, "two extraction actors on the command's cluster"
    assert not run.workers_seen, "no process pool beside the cluster"
    assert run.stdout == serial.stdout
    assert "11 ingested, 2 duplicate, 2 rejected" in run.stderr
    assert stored(folder / "ray-local.db") == serial_articles
    deadline = time.monotonic() + 30
    while actors(marker) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not actors(marker), "the command's cluster outlived it"


def test_an_actor_killed_mid_batch_on_a_running_cluster_costs_a_retry_not_an_article(
    folder: Path, one_worker: tuple[Run, list[tuple[int, StoredArticle]]], cluster: tuple[str, str]
) -> None:
    """``--ray ADDRESS`` joins ``ray start --head``; one actor is killed while it extracts: its batch goes again, the store misses nothing."""
    serial, serial_articles = one_worker
    address, marker = cluster
    killed: list[int] = []

    def kill_one(extracting: set[int]) -> None:
        if not killed and extracting:
            killed.append(min(extracting))
            os.kill(killed[0], signal.SIGKILL)

    run = ingest(folder, folder / "ray-killed.db", "--ray", address, env=TOKEN, watch=watching(marker, kill_one))
    assert run.returncode == 0, run.stderr
    assert killed, "an actor was killed while extracting"
    assert re.search(
        r"an extraction worker died with batch \d+ \(inputs? .*\) in flight: extracting it and the batches after it again", run.stderr
    ), run.stderr
    assert run.stdout == serial.stdout
    assert stored(folder / "ray-killed.db") == serial_articles


def test_actors_killed_twice_on_a_batch_stop_the_command_with_the_batch_named(folder: Path, cluster: tuple[str, str]) -> None:
    address, marker = cluster

    def kill_all(_pid: int, _out: str, _workers: set[int]) -> None:
        for actor in actors(marker):  # as soon as each starts: Ray restarts it a few times, then gives up on it
            with contextlib.suppress(ProcessLookupError):
                os.kill(actor, signal.SIGKILL)

    run = ingest(folder, folder / "ray-failed.db", "--ray", address, "--workers", "2", env=TOKEN, watch=kill_all)
    assert run.returncode == 1, run.stderr
    assert "Error: extraction workers died twice with batch 1 (inputs 1–2, r1.txt … s1.txt) in flight" in run.stderr
    assert "nothing from it on was stored. Run the same command again to go on" in run.stderr
    assert run.stdout == "" and stored(folder / "ray-failed.db") == []


def test_a_cluster_that_is_not_there_is_reported_before_anything_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Minister Eva Visser bezocht dinsdag Leiden.", encoding="utf-8")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # bound and not listening: nothing answers there
        started = time.monotonic()
        result = subprocess.run(
            [*graph_api_command(), "ingest", "a.txt", "--db", str(tmp_path / "x.db"), "--ray", f"127.0.0.1:{port}"],
            capture_output=True, text=True, cwd=tmp_path, timeout=120,
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert f"Error: cannot reach the Ray cluster at 127.0.0.1:{port}: " in result.stderr
    assert "(is `ray start --head` running there?)" in result.stderr
    assert time.monotonic() - started < 60, "reported, not retried for minutes as Ray does"
    assert result.stdout == "" and not (tmp_path / "x.db").exists()


def test_a_path_given_as_the_address_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Minister Eva Visser bezocht dinsdag Leiden.", encoding="utf-8")
    result = subprocess.run([*graph_api_command(), "ingest", "--ray", "a.txt", "b.txt"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    problem = "--ray 'a.txt' (a path: give the paths before --ray): a Ray cluster address is host:port (as `ray start --head` prints it) or auto"
    assert f"Error: {problem}" in result.stderr


def test_without_ray_installed_the_error_says_what_to_install(tmp_path: Path) -> None:
    """A ``ray`` that fails to import, first on the path, stands for one that is not installed."""
    shadow = tmp_path / "shadow" / "ray"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named ray')\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Minister Eva Visser bezocht dinsdag Leiden.", encoding="utf-8")
    path = os.pathsep.join([str(shadow.parent), *sys.path])
    result = subprocess.run(
        [sys.executable, "-m", "graph_api.cli", "ingest", "a.txt", "--db", str(tmp_path / "x.db"), "--ray"],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": path}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Error: --ray needs the ray package, which is not installed (No module named ray): pip install 'graph-api[distributed]'" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_the_bench_measures_ray_beside_the_process_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """``graph-api bench --workers-ray`` as it runs: 1 and 2 Ray workers in the rounds of the process pool, and the writer's ceiling."""
    monkeypatch.setenv("GRAPH_API_NLP_BATCH_SIZE", "2")
    result = bench_ingest_workers(8, 42, 1, ray=True)
    for key in ("workers_1", "workers_2", "ray_workers_1", "ray_workers_2"):
        assert len(result[key]["seconds"]) == 1 and result[key]["seconds"][0] > 0
        assert result[key]["steady_articles_per_second"]["median"] > 0 and result[key]["articles_per_second"]["median"] > 0
    assert result["ray_ratio_steady"]["median"] > 0 and result["ray_over_pool_steady"]["median"] > 0
    writer = result["writer"]
    assert writer["articles"] == 8 and writer["commits_per_second"] > 0 and writer["extraction_per_second"] > 0
    printed = "\n".join(ingest_workers(result))
    assert "| `graph-api ingest --ray --workers 2` (a local cluster each run), end to end / steady (8 articles, 1×) |" in printed
    assert "| Ray: 2 workers / 1 worker, end to end / steady |" in printed and "| 2 Ray workers / 2 processes, steady |" in printed
    assert "| the one writer: commits / extraction in one process (8 articles) |" in printed
