"""The command line, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from graph_api.api.schema import SDL_PATH, sdl
from graph_api.settings import Settings
from tests.conftest import graph_api_command


def run(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRAPH_API_DB": str(db)}
    return subprocess.run([*graph_api_command(), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def test_ingest_prints_one_line_per_input_then_stats(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("date 2024-09 Koning Willem-Alexander bezocht maandag Maastricht.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "cli.db"
    first = run("ingest", "ok.txt", "empty.txt", "ok.txt", db=db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("ingested") and "ok.txt" in lines[0]
    assert lines[1].startswith("duplicate") and "ok.txt" in lines[1]
    assert "rejected  empty.txt  empty text" in first.stderr
    assert "1 ingested, 1 duplicate, 1 rejected" in first.stderr

    stats = run("stats", "--json", db=db, cwd=tmp_path)
    assert json.loads(stats.stdout)["articles"] == 1


def test_ingest_fails_when_nothing_could_be_ingested(tmp_path: Path) -> None:
    result = run("ingest", "missing.txt", db=tmp_path / "x.db", cwd=tmp_path)
    assert result.returncode == 1 and "no such file or folder" in result.stderr


def test_schema_command_prints_the_committed_sdl(tmp_path: Path) -> None:
    result = run("schema", db=tmp_path / "x.db", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == SDL_PATH.read_text(encoding="utf-8")


def test_committed_sdl_is_current() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), "schema/schema.graphql is stale: run `graph-api schema > schema/schema.graphql`"


def test_settings_lists_every_setting_with_its_environment_variable(tmp_path: Path) -> None:
    result = run("settings", db=tmp_path / "x.db", cwd=tmp_path)
    assert "GRAPH_API_MAX_PAGE_SIZE" in result.stdout and "GRAPH_API_DB" in result.stdout


def test_the_readme_settings_table_has_every_setting_with_its_default() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name, value, env, _ in Settings.load(environ={}).as_rows():
        shown = "the bundled seeds (`graph_api/seeds`)" if name == "seeds" else value or "(empty)"
        assert f"| {name} | {shown} | {env} |" in readme, name
