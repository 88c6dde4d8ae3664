"""``graph-api ingest --workers N`` as a real process: the same results, order and stored facts as one worker,
a worker killed once costs a retry, killed again a clear error, and ``kill -9`` of the command loses nothing it reported.

The inputs come in batches of two (``GRAPH_API_NLP_BATCH_SIZE=2``), so that several batches are extracted
at once and role references ("de Duitse bondskanselier", "de staatssecretaris") are resolved through what
earlier batches stated; among them a rejected input, a missing one, and duplicates within and across batches.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from graph_api.model import MentionKind, StoredArticle
from graph_api.store import SQLiteStore
from tests.conftest import SEEDS, graph_api_command

TEXTS = {
    "r1.txt": "date 2021-03-02 De Duitse bondskanselier Henrike Albers opende dinsdag een fabriek in Dresden.",
    "s1.txt": "date 2024-01-10 Staatssecretaris Olga Timmerhuis presenteerde woensdag het plan.",
    "empty.txt": "",
    "r2.txt": "date 2023-05-04 De Duitse bondskanselier reisde donderdag naar Parijs. „Wij staan achter Frankrijk”, zei de bondskanselier.",
    "s2.txt": "date 2024-02-10 De staatssecretaris verdedigde het plan donderdag in de Kamer.",
    "r3.txt": "date 2025-06-10 De Duitse bondskanselier Matthias Vogelsang sprak dinsdag in Berlijn met vakbonden.",
    "r4.txt": "date 2026-01-08 De Duitse bondskanselier kondigde woensdag nieuwe maatregelen aan.",
    "s3.txt": "date 2024-03-10 Staatssecretaris Bram Oudekerk nam het dossier over.",
    "s4.txt": "date 2024-04-10 De staatssecretaris zweeg over de kosten.",
}
SEED_COPIES = {"p1.txt": 1, "p2.txt": 2, "p3.txt": 3}  # the bundled seeds by their place in the folder
# Batches of two: r1 again in another batch than its first, p2 twice in one batch, a file that is not there.
INPUTS = ["r1.txt", "s1.txt", "empty.txt", "r2.txt", "s2.txt", "r1.txt", "p1.txt", "r3.txt", "r4.txt", "s3.txt"]
INPUTS += ["missing.txt", "s4.txt", "p2.txt", "p2.txt", "p3.txt"]
ENV = {"GRAPH_API_NLP_BATCH_SIZE": "2", "PYTHONUNBUFFERED": "1"}  # each result line as it is printed
STOP_SECONDS = 10  # how long workers may outlive a killed command (they look for their parent every second)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    workers_seen: set[int] = field(default_factory=set)


def ingest(folder: Path, db: Path, *args: str, env: dict[str, str] | None = None, watch: Callable[[int, str, set[int]], None] | None = None) -> Run:
    """``graph-api ingest INPUTS`` in ``folder``; ``watch(pid, stdout so far, its workers now)`` runs every 50 ms until it exits."""
    out, err = folder / f"{db.stem}.out", folder / f"{db.stem}.err"
    command = [*graph_api_command(), "ingest", *INPUTS, "--db", str(db), *args]
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=folder, env={**os.environ, **ENV, **(env or {})})
        seen: set[int] = set()
        deadline = time.monotonic() + 600
        while process.poll() is None and time.monotonic() < deadline:
            workers = workers_of(process.pid)
            seen |= workers
            if watch is not None:
                watch(process.pid, out.read_text(), workers)
            time.sleep(0.05)
        if process.poll() is None:
            process.kill()
            pytest.fail("graph-api ingest did not end in 10 minutes")
    return Run(process.returncode, out.read_text(), err.read_text(), seen)


def workers_of(pid: int) -> set[int]:
    """The extraction workers of a process: its children that multiprocessing spawned (not its resource tracker)."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children |= {int(child) for child in (task / "children").read_text().split()}
    return {child for child in children if alive(child) and b"spawn_main" in command_line(child)}


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    """A process that exists and is no zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def stored(db: Path) -> list[tuple[int, StoredArticle]]:
    """Every article the store holds, in commit order, without the time it was ingested."""
    store = SQLiteStore(db)
    try:
        return [(position, replace(a, record=replace(a.record, ingested_at=""))) for position, a in store.iter_articles()]
    finally:
        store.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workers")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    seeds = sorted(SEEDS.glob("*.txt"))
    for name, index in SEED_COPIES.items():
        shutil.copy(seeds[index], folder / name)
    return folder


@pytest.fixture(scope="module")
def one_worker(folder: Path) -> tuple[Run, list[tuple[int, StoredArticle]]]:
    """The serial path: its printed results and the store it wrote."""
    run = ingest(folder, folder / "one.db", "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert not run.workers_seen, "one worker extracts in the command's own process"
    return run, stored(folder / "one.db")


@pytest.mark.slow
def test_the_serial_run_resolves_roles_through_earlier_batches(one_worker: tuple[Run, list[tuple[int, StoredArticle]]]) -> None:
    """What the comparisons below rest on: results as the inputs are, and role references that needed the graph."""
    run, articles = one_worker
    outcomes = [line.split()[:2] for line in run.stdout.splitlines()]
    assert [o for o, _ in outcomes] == ["ingested"] * 4 + ["duplicate"] + ["ingested"] * 6 + ["duplicate", "ingested"]
    assert [name for _, name in outcomes] == [name for name in INPUTS if name not in ("empty.txt", "missing.txt")]
    assert "rejected  empty.txt  empty text" in run.stderr and "rejected  missing.txt  no such file or folder" in run.stderr
    assert "11 ingested, 2 duplicate, 2 rejected" in run.stderr

    def of(name: str) -> StoredArticle:
        return next(a for _, a in articles if a.record.title in TEXTS[name])

    def references(name: str) -> set[str]:
        return {m.entity_id for m in of(name).facts.mentions if m.kind is MentionKind.ROLE}

    assert references("r2.txt") == {"person:henrike-albers"}  # stated in batch 1, asked in batch 2
    assert references("s2.txt") == {"person:olga-timmerhuis"}  # the one staatssecretaris known then
    assert references("r4.txt") == {"person:matthias-vogelsang"}  # the holder at its date
    assert not references("s4.txt")  # two are known by then
    assert [q.speaker_id for q in of("r2.txt").facts.quotes] == ["person:henrike-albers"]


@pytest.mark.slow
def test_two_workers_give_the_results_order_and_stored_facts_of_one(folder: Path, one_worker: tuple[Run, list[tuple[int, StoredArticle]]]) -> None:
    serial, serial_articles = one_worker
    run = ingest(folder, folder / "two.db", "--workers", "2")
    assert run.returncode == 0, run.stderr
    assert len(run.workers_seen) == 2
    assert run.stdout == serial.stdout and run.stderr == serial.stderr
    assert stored(folder / "two.db") == serial_articles


@pytest.mark.slow
def test_a_worker_killed_once_costs_a_retry_not_an_article(folder: Path, one_worker: tuple[Run, list[tuple[int, StoredArticle]]]) -> None:
    """Workers from the setting's environment variable; one killed while loading its model: the batches in flight go again."""
    serial, serial_articles = one_worker
    killed: list[int] = []

    def kill_one(_pid: int, _out: str, workers: set[int]) -> None:
        if not killed and len(workers) == 2:
            killed.append(min(workers))
            os.kill(killed[0], signal.SIGKILL)

    run = ingest(folder, folder / "retried.db", env={"GRAPH_API_INGEST_WORKERS": "2"}, watch=kill_one)
    assert run.returncode == 0, run.stderr
    assert killed and len(run.workers_seen) >= 3, "two workers, then new ones after the one was killed"
    assert (
        "an extraction worker died with batch 1 (inputs 1–2, r1.txt … s1.txt) in flight: extracting it and the batches after it again" in run.stderr
    )
    assert run.stdout == serial.stdout
    assert stored(folder / "retried.db") == serial_articles


@pytest.mark.slow
def test_workers_dying_twice_on_a_batch_stop_the_command_with_the_batch_named(folder: Path) -> None:
    def kill_all(_pid: int, _out: str, workers: set[int]) -> None:
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)

    run = ingest(folder, folder / "failed.db", "--workers", "2", watch=kill_all)
    assert run.returncode == 1 and run.stdout == ""
    assert "Error: extraction workers died twice with batch 1 (inputs 1–2, r1.txt … s1.txt) in flight" in run.stderr
    assert "nothing from it on was stored. Run the same command again to go on" in run.stderr
    assert stored(folder / "failed.db") == []


@pytest.mark.slow
def test_kill_9_of_the_command_loses_nothing_it_reported_and_stops_its_workers(
    folder: Path, one_worker: tuple[Run, list[tuple[int, StoredArticle]]]
) -> None:
    _, serial_articles = one_worker
    workers: set[int] = set()

    def kill_after_first_result(pid: int, out: str, now: set[int]) -> None:
        workers.update(now)
        if out.count("\n") >= 1:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    run = ingest(folder, folder / "killed.db", "--workers", "2", watch=kill_after_first_result)
    assert run.returncode == -signal.SIGKILL and len(workers) == 2
    deadline = time.monotonic() + STOP_SECONDS
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(w) for w in workers), "the workers outlived the command"
    reported = [m.group(1) for m in re.finditer(r"^(?:ingested|duplicate)\s+\S+\s+([0-9a-f]{16})", run.stdout, re.MULTILINE)]
    articles = stored(folder / "killed.db")
    assert reported and set(reported) <= {a.record.id for _, a in articles}
    assert articles == serial_articles[: len(articles)], "each stored article whole, as the serial run stored it"


@pytest.mark.parametrize(
    ("args", "env", "problem"),
    [
        (["--workers", "0"], {}, "Invalid value for '--workers': 0 is not in the range x>=1."),
        (["--workers", "-2"], {}, "Invalid value for '--workers': -2 is not in the range x>=1."),
        (["--workers", "two"], {}, "Invalid value for '--workers': 'two' is not a valid integer range."),
        ([], {"GRAPH_API_INGEST_WORKERS": "-1"}, "ingest_workers is -1 (GRAPH_API_INGEST_WORKERS): give 1 or more, or 0 for one per core"),
        ([], {"GRAPH_API_INGEST_WORKERS": "two"}, "GRAPH_API_INGEST_WORKERS='two': invalid literal for int()"),
    ],
)
def test_a_bad_number_of_workers_is_refused_before_anything_is_read(tmp_path: Path, args: list[str], env: dict[str, str], problem: str) -> None:
    (tmp_path / "a.txt").write_text("Minister Eva Visser bezocht dinsdag Leiden.", encoding="utf-8")
    result = subprocess.run(
        [*graph_api_command(), "ingest", "a.txt", "--db", str(tmp_path / "x.db"), *args],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, **env}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and problem in result.stderr, result.stderr
    assert result.stdout == "" and not (tmp_path / "x.db").exists()
