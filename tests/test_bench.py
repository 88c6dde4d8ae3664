"""``graph-api bench`` end to end as a real process, on a tiny configuration (about a minute with wrk, 2 cores),
and the queries-during-ingestion benchmark on its own (under a minute).

The numbers are this machine's; the test checks that every measurement ran and reads as a measurement:
each key of results.json present, counts as configured, speeds, times and sizes positive, and the tables printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from graph_api.bench.exploration import QUERIES as EXPLORATION_QUERIES
from graph_api.bench.ingest_workers import bench_ingest_workers
from graph_api.bench.queries import QUERIES
from graph_api.bench.report import ingest_while_serving, ingest_workers
from graph_api.bench.search import MIN_RUNS, SHARES
from graph_api.bench.writes import STREAMS as WRITE_STREAMS
from graph_api.bench.writes import bench_ingest_while_serving
from tests.conftest import graph_api_command

WRK = shutil.which("wrk")
CI = bool(os.environ.get("CI"))
SIZE = 200
EXTRACTION_ARTICLES = 6
INGEST_ARTICLES = 20  # through ingestArticles, in batches of 8 (a last one of 4)
CLI_ARTICLES = 3  # through graph-api ingest
WORKERS_ARTICLES, WORKERS_BATCH = 8, 2  # through graph-api ingest --workers 1 and 2: four batches

pytestmark = pytest.mark.slow


def positive(*values: object) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in values)


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """One run of the CLI (with the query benchmark when wrk is there): results.json and the printed report."""
    out = tmp_path_factory.mktemp("bench")
    args = ["bench", "--sizes", str(SIZE), "--query-sizes", str(SIZE), "--extraction-articles", str(EXTRACTION_ARTICLES), "--seconds", "1"]
    args += ["--ingest-articles", "0"]  # measured on its own below (test_queries_during_ingestion)
    args += ["--workers-articles", "0"]  # measured on its own below (test_ingestion_with_one_and_two_workers)
    if WRK is None and not CI:
        args.append("--no-queries")
    result = subprocess.run([*graph_api_command(), *args, "--out", str(out)], capture_output=True, text=True, cwd=out, timeout=600)
    assert result.returncode == 0, result.stderr
    results = out / "results.json"
    assert results.is_file()
    return json.loads(results.read_text()), result.stdout


def test_extraction_and_ingestion(bench: tuple[dict, str]) -> None:
    report, printed = bench
    assert report["seed"] == 42 and positive(report["machine"]["cores"], report["peak_rss_mb_of_bench"])
    one = report["extraction_one_core"]
    assert one["articles"] == EXTRACTION_ARTICLES and one["words"] > 300 * EXTRACTION_ARTICLES
    assert positive(
        one["full_pipeline_words_per_second"],
        one["full_pipeline_articles_per_second"],
        one["spacy_ner_only_words_per_second"],
        one["cost_ratio_full_vs_ner_only"],
    )
    every = report["extraction_all_cores"]
    assert every["cores"] >= 1 and positive(every["words_per_second"], every["articles_per_second"])
    ingestion = report["ingestion_one_core"]
    assert ingestion["articles"] == 10 and positive(ingestion["articles_per_second"])
    assert "| extraction, full pipeline, 1 core |" in printed and "| ingestion end to end, 1 core |" in printed


def test_ingestion_with_one_and_two_workers(bench: tuple[dict, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``graph-api ingest --workers 1`` and ``2`` as the bench runs them, on few articles in batches small enough for two workers."""
    assert "ingest_workers" not in bench[0], "--workers-articles 0 skips it"
    monkeypatch.setenv("GRAPH_API_NLP_BATCH_SIZE", str(WORKERS_BATCH))
    workers = bench_ingest_workers(WORKERS_ARTICLES, 42, 1)
    assert (workers["articles"], workers["batch_size"], workers["rounds"]) == (WORKERS_ARTICLES, WORKERS_BATCH, 1)
    for key in ("workers_1", "workers_2"):
        assert len(workers[key]["seconds"]) == 1 and positive(*workers[key]["seconds"])
        for spread in (workers[key]["articles_per_second"], workers[key]["steady_articles_per_second"]):
            assert positive(*spread.values()) and spread["min"] <= spread["median"] <= spread["max"]
    assert positive(*workers["ratio_end_to_end"].values(), *workers["ratio_steady"].values()) and workers["load_average"]["max"] >= 0
    printed = "\n".join(ingest_workers(workers))
    assert "| `graph-api ingest --workers 2`, end to end / steady (8 articles, 1×) |" in printed
    assert "| 2 workers / 1 worker, end to end / steady |" in printed and "| load average (1 min) at the end of those runs |" in printed


def test_cold_start(bench: tuple[dict, str]) -> None:
    report, printed = bench
    cold = report["cold_start"][str(SIZE)]
    assert cold["articles"] == SIZE and cold["edges"] > cold["nodes"] > 0
    assert positive(
        cold["seconds"], cold["peak_rss_mb"], cold["memory_bytes_per_article"], cold["memory_bytes_per_edge"], cold["store_bytes_per_article"],
        cold["rebuild_seconds"], cold["rebuild_peak_rss_mb"], cold["snapshot_write_seconds"], cold["snapshot_mb"],
        cold["server_first_answer_seconds"], cold["server_peak_rss_mb"], cold["order_after_write_ms"], cold["order_resorted_after_write_ms"],
    )  # fmt: skip
    assert f"| {SIZE} articles |" in printed


def check_search(result: dict, printed: str) -> None:
    """The search comparison of one size: the index built, three words, both engines timed and answering."""
    assert result["articles"] == SIZE and result["top"] == 20
    assert positive(result["index_build_s"], result["index_build_s_per_100k"]) and result["index_mb"] >= 0
    assert list(result["words"]) == list(SHARES)
    assert result["words"]["most common"]["matches"] == SIZE  # a word every synthetic article has
    for label, word in result["words"].items():
        assert word["word"].isalpha() and word["matches"] >= 1, label
        for engine in ("fts5", "tantivy"):
            timed = word[engine]
            assert timed["runs"] >= MIN_RUNS and positive(timed["p50_ms"]) and timed["p99_ms"] >= timed["p50_ms"], (label, engine)
            assert min(20, word["matches"]) <= timed["hits"] <= 20, (label, engine)  # the index's stemming may match more articles
        assert f"| {label}: {word['word']} |" in printed
    assert f"Full-text search at {SIZE} articles" in printed


def test_search_engines_side_by_side(bench: tuple[dict, str]) -> None:
    report, printed = bench
    check_search(report["search"][str(SIZE)], printed)


def test_the_search_comparison_runs_alone(tmp_path: Path) -> None:
    args = ["bench", "--search-only", "--sizes", str(SIZE), "--out", str(tmp_path)]
    result = subprocess.run([*graph_api_command(), *args], capture_output=True, text=True, cwd=tmp_path, timeout=240)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "results.json").read_text())
    assert set(report) == {"date", "machine", "seed", "search"}
    check_search(report["search"][str(SIZE)], result.stdout)


@pytest.mark.skipif(WRK is None and not CI, reason="wrk is not installed (apt-get install wrk; CI installs it)")
def test_queries(bench: tuple[dict, str]) -> None:
    assert WRK, "wrk must be installed in CI"
    report, printed = bench
    queries = report["queries"][str(SIZE)]
    assert list(queries) == list(QUERIES)
    for name, q in queries.items():
        loads = [q["c1"], q["c32"], q["no_cache_c1"], q["graphql_core_http_c1"], q["starlette_ceiling"]["c1"], q["starlette_ceiling"]["c32"]]
        for load in loads:
            assert set(load) == {"rps", "p50_ms", "p99_ms"}, name
            assert positive(load["rps"], load["p50_ms"]) and load["p99_ms"] >= load["p50_ms"], (name, load)
        ratios = [k for k in q if k.startswith("ratio_")]
        assert sorted(ratios) == sorted(
            [
                "ratio_p50_ours_vs_graphql_core_http",
                "ratio_p50_uncached_vs_graphql_core_http",
                "ratio_p50_ours_vs_graphql_core",
                "ratio_p50_uncached_vs_graphql_core",
                "ratio_rps_ours_vs_starlette",
                "ratio_rps_uncached_vs_starlette",
            ]
        ), name
        assert positive(q["graphql_core_p50_ms"]), (name, q)
        assert all(isinstance(q[k], int | float) and q[k] >= 0 for k in ratios), (name, q)  # 0.0 when ours is 100x faster
        assert f"| {name} |" in printed
    assert f"Queries at {SIZE} articles" in printed


def test_exploration_beside_naive_networkx(bench: tuple[dict, str]) -> None:
    assert WRK, "wrk must be installed in CI"
    report, printed = bench
    explored = report["exploration"][str(SIZE)]
    assert explored["hub"].startswith("person:") and explored["far"].startswith("person:") and explored["hub"] != explored["far"]
    assert list(explored["queries"]) == list(EXPLORATION_QUERIES)
    for name, q in explored["queries"].items():
        assert set(q["ours"]) == {"rps", "p50_ms", "p99_ms"} and positive(q["ours"]["rps"], q["ours"]["p50_ms"]), name
        assert positive(q["naive_p50_ms"]), name
        assert f"| {name} |" in printed
    assert positive(explored["projection_rebuild_s"], explored["pagerank_s"], explored["projection_links"], explored["projection_entities"])
    assert f"Exploration at {SIZE} articles" in printed


def test_explorer_drawn_in_chromium(bench: tuple[dict, str]) -> None:
    report, printed = bench
    drawn = report["explorer"][str(SIZE)]
    if "skipped" in drawn and not os.environ.get("CI"):
        pytest.skip(drawn["skipped"])
    assert [view["depth"] for view in drawn["views"]] == [1, 2], drawn
    for view in drawn["views"]:
        assert view["nodes"] > 1 and positive(view["graphql_ms_p50"], view["draw_ms_p50"], view["draw_ms_max"]), view
        assert f"| {view['entity']} | {view['depth']} | {view['nodes']} |" in printed
    assert f"Explorer at {SIZE} articles" in printed


@pytest.fixture(scope="module")
def during_ingest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One run of the ingestion benchmark on a tiny configuration: a real server, a load generator and a CLI ingest."""
    return bench_ingest_while_serving(
        tmp_path_factory.mktemp("writes"), INGEST_ARTICLES, 42, store_articles=SIZE, cli_articles=CLI_ARTICLES, baseline_seconds=2, batch=8
    )


def test_queries_during_ingestion(during_ingest: dict) -> None:
    result = during_ingest
    streams = list(WRITE_STREAMS)
    assert list(result["rates_per_second"]) == streams
    api = result["api_ingest"]
    assert api["articles"] == api["ingested"] == INGEST_ARTICLES and api["duplicates"] == api["rejected"] == 0
    assert api["batches"] == 3 and api["batches_accounted"] and positive(api["articles_per_second"], api["batch_seconds_max"])
    assert result["cli_ingest"]["articles"] == CLI_ARTICLES and positive(result["cli_ingest"]["articles_per_second"])
    assert (
        result["articles_in_graph"] == result["articles_expected"] == SIZE + 1 + result["quiet_ingest"]["articles"] + INGEST_ARTICLES + CLI_ARTICLES
    )
    assert positive(result["model_load_s"], result["quiet_ingest"]["articles_per_second"], result["duration_s"])
    for phase in ("baseline", "api_ingest", "cli_ingest"):
        queries = result[phase]["queries"]
        assert list(queries) == streams, phase
        for name, q in queries.items():
            # Every request answered without an error, /health included while the writer changes the graph.
            assert q["requests"] > 0 and q["errors"] == 0, (phase, name, q)
            assert positive(q["rps"], q["p50_ms"]) and q["max_ms"] >= q["p99_ms"] >= q["p50_ms"], (phase, name, q)
    assert result["errors"] == 0
    printed = "\n".join(ingest_while_serving(result))
    assert "Queries during ingestion" in printed and all(f"| {name} |" in printed for name in streams)
