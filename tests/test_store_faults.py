"""Store faults, through the real CLI on real SQLite files: one clear line, never a traceback, nothing stored lost.

A file that is not a database, a damaged one, another program's database, a read-only file or folder, a
missing folder, a store locked by another process; and ``kill -9`` of an ingest at random moments, which
must leave an intact store of complete articles that a re-run completes.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from graph_api.bench.servers import free_port
from tests import facts
from tests.conftest import graph_api_command

LOCK_WAIT = {"GRAPH_API_STORE_BUSY_TIMEOUT_MS": "500"}  # how long graph-api waits for another process's lock
ARTICLE = "De burgemeester van Zwolle, Anouk Verhoeven, opende vrijdag een nieuwe bibliotheek aan de Melkmarkt."


def run(*args: str, cwd: Path, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([*prefix, *graph_api_command(), *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=300)


def serve(db: Path, cwd: Path, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """``graph-api serve`` on a store it cannot start on (it must exit by itself, well before the timeout)."""
    environment = {**os.environ, **(env or {})}
    command = [*prefix, *graph_api_command(), "serve", "--db", str(db), "--port", str(free_port())]
    return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=cwd, timeout=120)


def assert_one_line(result: subprocess.CompletedProcess[str], expected: str, notices: int = 0) -> None:
    """Exit status 1, no traceback, and ``expected`` as the one error line on stderr (after ``notices`` lines of progress)."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    lines = result.stderr.splitlines()
    assert len(lines) == notices + 1 and lines[-1] == expected, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name, with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def stats(db: Path, cwd: Path, prefix: tuple[str, ...] = ()) -> dict[str, int]:
    result = run("stats", "--json", "--db", str(db), cwd=cwd, prefix=prefix)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def stored_store(folder: Path) -> Path:
    """A real store holding three articles (written as facts, no NLP), checkpointed into its one file."""
    folder.mkdir(exist_ok=True)
    return facts.write_store(folder / "graph.db")


def overwrite_page(db: Path, name: str) -> None:
    """Overwrite with random bytes the root page of a table or index: a store damaged in the middle."""
    with closing(sqlite3.connect(db)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        [root] = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    assert root > 1
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(random.Random(root).randbytes(page_size))


# A file that is not a database, a damaged one, another program's database: refused, left byte for byte as it was.


@pytest.mark.parametrize(
    "content",
    [random.Random(1).randbytes(20_000), b"Boodschappen: melk, brood, kaas.\n"],
    ids=["random-bytes", "text-file"],
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "graph.db"
    db.write_bytes(content)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = files(tmp_path)
    expected = f"Error: {db}: not a graph-api database (file is not a database)"
    assert_one_line(run("ingest", "a.txt", "--db", str(db), cwd=tmp_path), expected)
    assert_one_line(run("stats", "--db", str(db), cwd=tmp_path), expected)
    assert_one_line(serve(db, tmp_path), expected)
    assert files(tmp_path) == before  # no byte changed, no -wal or -shm file left beside it


def test_a_store_damaged_in_the_middle_is_refused_at_start_up_and_left_as_it_was(tmp_path: Path) -> None:
    db = stored_store(tmp_path / "store")
    overwrite_page(db, "mentions")  # read when the graph is built, so every command meets it at start-up
    before = files(db.parent)
    expected = f"Error: {db}: the database file is damaged (database disk image is malformed)"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert_one_line(run("ingest", "a.txt", "--db", str(db), cwd=tmp_path), expected)
    assert_one_line(run("stats", "--db", str(db), cwd=tmp_path), expected)
    assert_one_line(serve(db, tmp_path), expected)
    assert files(db.parent) == before


@pytest.mark.slow
def test_damage_met_only_when_writing_stops_the_ingest_with_one_line_and_loses_nothing(tmp_path: Path) -> None:
    """A damaged index that only a write reads: start-up works, the first article's write meets it."""
    db = stored_store(tmp_path / "store")
    overwrite_page(db, "mentions_by_entity")
    counts = stats(db, tmp_path)
    assert counts["articles"] == 3
    before = db.read_bytes()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Zwolle", "Deventer"), encoding="utf-8")
    result = run("ingest", "a.txt", "b.txt", "--db", str(db), cwd=tmp_path)
    assert_one_line(result, f"Error: {db}: the database file is damaged (database disk image is malformed)")
    assert result.stdout == ""  # the ingest stopped: b.txt was not tried, and not rejected either
    assert db.read_bytes() == before
    assert stats(db, tmp_path) == counts


def test_another_programs_sqlite_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "places.sqlite"
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("CREATE TABLE bookmarks (url TEXT)")
        connection.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = files(tmp_path)
    expected = f"Error: {db}: not a graph-api database (a SQLite database of another program)"
    assert_one_line(run("ingest", "a.txt", "--db", str(db), cwd=tmp_path), expected)
    assert_one_line(run("stats", "--db", str(db), cwd=tmp_path), expected)
    assert files(tmp_path) == before  # not even switched to WAL mode


# Read-only files and folders.


@pytest.fixture(scope="module")
def as_a_user(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ...]:
    """A command prefix under which file permissions bind: none for a normal user.

    Root writes to a read-only file anyway (CAP_DAC_OVERRIDE). Tests often run as root (CI does), so
    there graph-api runs as root without the two capabilities that override file permissions: the
    files stay root's own, no other user needs access to the test's folders, and a write to a
    read-only file fails as it does for anyone else.
    """
    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search")
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, where a read-only file is writable, and setpriv (util-linux) is missing to drop that power")
    probe = tmp_path_factory.mktemp("probe") / "read-only"
    probe.write_text("")
    probe.chmod(0o444)
    tried = subprocess.run([*prefix, "sh", "-c", f"echo x >> '{probe}'"], capture_output=True)
    if tried.returncode == 0 or probe.read_text():
        pytest.skip(f"running as root, and setpriv could not drop CAP_DAC_OVERRIDE: {tried.stderr.decode().strip()}")
    return prefix


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths to make read-only; made writable again afterwards, so pytest can clean them up."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_ingest_into_a_read_only_store_fails_before_the_model_loads_and_the_store_still_reads(
    tmp_path: Path, as_a_user: tuple[str, ...], read_only: list[Path]
) -> None:
    db = stored_store(tmp_path / "store")
    counts = stats(db, tmp_path)
    db.chmod(0o444)
    read_only.append(db)
    before = db.read_bytes()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    started = time.monotonic()
    result = run("ingest", "a.txt", "--db", str(db), cwd=tmp_path, prefix=as_a_user)
    assert_one_line(result, f"Error: {db}: read-only: cannot write to the file or its folder (attempt to write a readonly database)")
    assert time.monotonic() - started < 30, "the read-only store must be found before the NLP model loads"
    assert db.read_bytes() == before
    assert stats(db, tmp_path, prefix=as_a_user) == counts  # reading needs no write: the stored articles are all there


def test_an_empty_read_only_store_stops_serve_from_seeding_it(tmp_path: Path, as_a_user: tuple[str, ...], read_only: list[Path]) -> None:
    db = tmp_path / "graph.db"
    assert stats(db, tmp_path)["articles"] == 0  # creates the empty store
    db.chmod(0o444)
    read_only.append(db)
    result = serve(db, tmp_path, env={"GRAPH_API_SEEDS": str(seeds_folder(tmp_path))}, prefix=as_a_user)
    # serve says what it set out to do, then the one error line
    assert_one_line(result, f"Error: {db}: read-only: cannot write to the file or its folder (attempt to write a readonly database)", notices=1)


def seeds_folder(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return seeds


def test_a_store_in_a_read_only_folder_gives_one_line(tmp_path: Path, as_a_user: tuple[str, ...], read_only: list[Path]) -> None:
    folder = tmp_path / "store"
    db = stored_store(folder)
    folder.chmod(0o555)
    read_only.append(folder)
    before = files(folder)
    # A store in WAL mode cannot even be read without its -shm file beside it.
    assert_one_line(
        run("stats", "--db", str(db), cwd=tmp_path, prefix=as_a_user),
        f"Error: {db}: read-only: cannot write to the file or its folder (attempt to write a readonly database)",
    )
    new = folder / "new.db"
    assert_one_line(
        run("stats", "--db", str(new), cwd=tmp_path, prefix=as_a_user),
        f"Error: {new}: cannot open or create the file (unable to open database file)",
    )
    deeper = folder / "more" / "graph.db"
    assert_one_line(
        run("stats", "--db", str(deeper), cwd=tmp_path, prefix=as_a_user), f"Error: {deeper}: cannot create its folder (Permission denied)"
    )
    assert files(folder) == before


# Folders: a missing one is made; a file in the way is one line.


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    db = tmp_path / "data" / "deeper" / "graph.db"
    assert stats(db, tmp_path)["articles"] == 0
    assert db.is_file()


def test_a_file_where_the_folder_should_be_gives_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("boodschappen", encoding="utf-8")
    for db in (tmp_path / "notes.txt" / "graph.db", tmp_path / "notes.txt" / "deeper" / "graph.db"):
        result = run("stats", "--db", str(db), cwd=tmp_path)
        assert_one_line(result, f"Error: {db}: cannot create its folder ({tmp_path / 'notes.txt'} is a file, not a folder)")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "boodschappen"


def test_a_folder_given_as_the_store_gives_one_line(tmp_path: Path) -> None:
    assert_one_line(run("stats", "--db", str(tmp_path), cwd=tmp_path), f"Error: {tmp_path}: is a folder, not a database file")


# A store locked by another process.


@contextmanager
def write_lock(db: Path) -> Iterator[None]:
    """Hold the store's write lock, as another process writing to it would (this test's process, to graph-api)."""
    with closing(sqlite3.connect(db, isolation_level=None)) as connection:
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("INSERT INTO meta VALUES ('half-written', 'by another process')")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")


@pytest.mark.slow
def test_a_locked_store_makes_ingest_wait_then_fail_with_one_line_and_loses_nothing(tmp_path: Path) -> None:
    db = stored_store(tmp_path / "store")
    counts = stats(db, tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with write_lock(db):
        started = time.monotonic()
        result = run("ingest", "a.txt", "--db", str(db), cwd=tmp_path, env=LOCK_WAIT)
        waited = time.monotonic() - started
        assert_one_line(result, f"Error: {db}: locked by another process that is writing to it (waited 0.5 s)")
        assert 0.5 <= waited < 30, "waits for the lock, then gives up before the NLP model loads"
        assert stats(db, tmp_path) == counts  # readers are not blocked by a writer
    assert stats(db, tmp_path) == counts
    again = run("ingest", "a.txt", "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0 and "1 ingested, 0 duplicate, 0 rejected" in again.stderr, again.stderr
    assert stats(db, tmp_path)["articles"] == counts["articles"] + 1


def test_a_locked_empty_store_stops_serve_from_seeding_it(tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    assert stats(db, tmp_path)["articles"] == 0
    with write_lock(db):
        result = serve(db, tmp_path, env={**LOCK_WAIT, "GRAPH_API_SEEDS": str(seeds_folder(tmp_path))})
    assert_one_line(result, f"Error: {db}: locked by another process that is writing to it (waited 0.5 s)", notices=1)
    assert stats(db, tmp_path)["articles"] == 0


# kill -9 of an ingest at random moments.

FIRST = ["Anouk", "Bram", "Carla", "Daan", "Eline", "Floris", "Greetje", "Hidde", "Ilse", "Joost", "Karin", "Lars", "Marloes", "Niels", "Olga"]
LAST = ["Verhoeven", "Brouwer", "Kuipers", "Dekker", "Mulder", "Smit", "Visser", "Bosman", "Jacobs", "Hendriks", "Vermeulen", "Schouten"]
CITIES = ["Zwolle", "Groningen", "Leeuwarden", "Arnhem", "Nijmegen", "Tilburg", "Breda", "Haarlem", "Leiden", "Delft", "Almere", "Enschede"]
ORGANIZATIONS = ["Rijkswaterstaat", "Staatsbosbeheer", "Greenpeace", "Unilever", "Philips", "Oxfam Novib"]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
TEMPLATES = [
    "date 2024-{month:02d}-{day:02d}\n{first} {last}, wethouder van {city}, opende {weekday} een nieuwe bibliotheek in het centrum.\n\n"
    "“Dit gebouw is voor iedereen”, zei {last} tijdens de opening. Volgens {organization} kostte het project {number} miljoen euro.\n",
    "date 2023-{month:02d}-{day:02d}\nIn {city} is {weekday} een brand uitgebroken in een loods aan de rand van de stad. "
    "Brandweercommandant {first} {last} meldde dat niemand gewond raakte.\n\n{organization} hielp {number} bewoners aan een tijdelijke plek.\n",
    "date 2022-{month:02d}\n{organization} heeft {first} {last} benoemd tot nieuwe directeur. {last} werkte eerder {number} jaar in {city}.\n\n"
    "“Ik kijk uit naar het werk”, zei de nieuwe directeur.\n",
]


def write_articles(folder: Path, count: int) -> None:
    """Short news articles from templates; every person is named once, places and organisations recur."""
    folder.mkdir()
    numbers = random.Random(7)
    for i in range(count):
        text = TEMPLATES[i % len(TEMPLATES)].format(
            first=FIRST[i % len(FIRST)], last=LAST[(i + i // len(FIRST)) % len(LAST)], city=CITIES[i % len(CITIES)],
            organization=ORGANIZATIONS[i % len(ORGANIZATIONS)], weekday=WEEKDAYS[i % len(WEEKDAYS)],
            month=1 + i % 12, day=1 + i % 28, number=numbers.randint(2, 90),
        )  # fmt: skip
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")


def check_intact(db: Path) -> dict[str, tuple]:
    """Assert the store is intact (pages, foreign keys, full-text indexes, no partial schema); return its articles' facts."""
    if not db.exists():
        return {}  # killed before the store was opened
    with closing(sqlite3.connect(db, isolation_level=None)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return {}  # killed before the schema was committed: an empty file, which the next run fills in
        assert {"meta", "articles", "entities", "mentions", "roles", "event_mentions", "quotes", "article_search", "quote_search"} <= tables
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() is not None
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []  # no fact row without its article or entity
        for index in ("article_search", "quote_search"):
            connection.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")  # raises if index and rows disagree
        return article_facts(connection)


def article_facts(connection: sqlite3.Connection) -> dict[str, tuple]:
    """Every article's id with its stored facts, comparable between stores (no rowids, no ingestion time)."""
    found = {}
    for rowid, article_id, title in connection.execute("SELECT rowid, id, title FROM articles ORDER BY rowid"):
        found[article_id] = (
            title,
            sorted(connection.execute("SELECT entity_id, start, end, label, kind FROM mentions WHERE article_rowid = ?", (rowid,))),
            sorted(connection.execute("SELECT person_id, title, organization_id FROM roles WHERE article_rowid = ?", (rowid,))),
            sorted(connection.execute("SELECT type, start, end, participants FROM event_mentions WHERE article_rowid = ?", (rowid,))),
            sorted(connection.execute("SELECT start, end, speaker_id FROM quotes WHERE article_rowid = ?", (rowid,))),
            connection.execute("SELECT COUNT(*) FROM article_search WHERE rowid = ?", (rowid,)).fetchone()[0],
        )
    return found


def entities(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT * FROM entities ORDER BY id").fetchall()


def ingest_and_kill(command: list[str], env: dict[str, str], cwd: Path, *, seconds: float = 0.0, lines: int = 0) -> int:
    """Start an ingest and SIGKILL it after ``lines`` lines of output and then ``seconds``; its exit status (0 if it finished first)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=cwd)
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        for _ in range(lines):
            if not process.stdout.readline():
                break
        time.sleep(seconds)
        process.send_signal(signal.SIGKILL)
        process.stdout.close()
        return process.wait()
    finally:
        watchdog.cancel()


@pytest.mark.slow
def test_kill_9_of_an_ingest_at_random_moments_leaves_only_complete_articles_and_a_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 30)
    # Batches of 4, so a kill can land between batches as well as between an extraction and its commits.
    env = {**os.environ, "GRAPH_API_NLP_BATCH_SIZE": "4"}
    reference_db, db = tmp_path / "reference.db", tmp_path / "killed.db"

    def ingest(store: Path) -> list[str]:
        return [*graph_api_command(), "ingest", str(folder), "--db", str(store)]

    # The clean ingest to compare with runs beside the trials (the machine has two cores).
    reference = subprocess.Popen(ingest(reference_db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    draw = random.Random(20240611)
    trials = [
        ("start-up: imports, opening and creating the store", {"seconds": draw.uniform(0.2, 2.5)}),
        ("mid-run: after a few articles", {"lines": draw.randint(3, 14), "seconds": draw.uniform(0, 0.03)}),
        ("model load, on a store that holds articles", {"seconds": draw.uniform(2.5, 8.0)}),
        ("near the end", {"lines": draw.randint(26, 29), "seconds": draw.uniform(0, 0.01)}),
    ]
    after_each: list[tuple[str, int, dict[str, tuple]]] = []
    for moment, when in trials:
        status = ingest_and_kill(ingest(db), env, tmp_path, **when)
        after_each.append((moment, status, check_intact(db)))
    killed = [moment for moment, status, _ in after_each if status == -signal.SIGKILL]
    assert len(killed) >= 2, after_each

    rerun = subprocess.run(ingest(db), capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert rerun.returncode == 0 and "0 rejected" in rerun.stderr and "Traceback" not in rerun.stderr, rerun.stderr
    _, err = reference.communicate(timeout=300)
    assert reference.returncode == 0 and "30 ingested, 0 duplicate, 0 rejected" in err, err

    expected = check_intact(reference_db)
    order = list(expected)
    for moment, _, stored in after_each:
        # Only whole articles, each with exactly the facts a clean ingest stores, and in input order: none skipped.
        assert list(stored) == order[: len(stored)], moment
        assert all(stored[i] == expected[i] for i in stored), moment
    final = check_intact(db)
    assert final == expected
    assert entities(db) == entities(reference_db)
    assert stats(db, tmp_path) == stats(reference_db, tmp_path)
