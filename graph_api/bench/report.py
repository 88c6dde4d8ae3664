"""The printed report of ``graph-api bench``: Markdown tables of a run's results."""

from __future__ import annotations

from typing import Any

from graph_api.bench.limits import RUNS
from graph_api.bench.queries import QUERIES

QUERY_HEADER = (
    "| query | p50 ms c1 | p99 ms c1 | rps c1 | p50 ms c32 | p99 ms c32 | rps c32 | uncached p50 ms / rps c1 | graphql-core over HTTP p50 ms / rps c1 | ours/graphql-core p50 (uncached) | graphql-core in-process p50 ms | Starlette rps c1 / c32 | ours/Starlette rps c1 | uncached/Starlette rps c1 |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
)


def format_report(report: dict[str, Any]) -> str:
    lines = [f"graph-api bench, {report['date']}, {report['machine']['cores']} cores, {report['machine']['platform']}"]
    if "extraction_one_core" in report:  # absent from a --search-only run
        lines += _stages(report)
        lines += _cold_starts(report["cold_start"])
    for size, searched in report.get("search", {}).items():
        lines += search(int(size), searched)
    for size, queries in report.get("queries", {}).items():
        lines += _queries(int(size), queries)
    if len(report.get("queries", {})) > 1:
        lines += _growth(report["queries"], report["cold_start"])
    for size, heavy in report.get("limits", {}).items():
        lines += _limits(int(size), heavy)
    for size, explored in report.get("exploration", {}).items():
        lines += _exploration(int(size), explored)
    for size, drawn in report.get("explorer", {}).items():
        lines += _explorer(int(size), drawn)
    if "ingest_while_serving" in report:
        lines += ingest_while_serving(report["ingest_while_serving"])
    return "\n".join(lines)


def _stages(report: dict[str, Any]) -> list[str]:
    """Extraction and ingestion speed."""
    e1, ea, ing = report["extraction_one_core"], report["extraction_all_cores"], report["ingestion_one_core"]
    return [
        "",
        "| stage | result |",
        "|---|---|",
        f"| extraction, full pipeline, 1 core | {e1['full_pipeline_words_per_second']:,} words/s, {e1['full_pipeline_articles_per_second']} articles/s |",
        f"| extraction, spaCy NER only, 1 core | {e1['spacy_ner_only_words_per_second']:,} words/s (full pipeline costs {e1['cost_ratio_full_vs_ner_only']}x) |",
        f"| extraction, full pipeline, {ea['cores']} cores | {ea['words_per_second']:,} words/s, {ea['articles_per_second']} articles/s |",
        f"| ingestion end to end, 1 core | {ing['articles_per_second']} articles/s |",
        *(ingest_workers(report["ingest_workers"]) if "ingest_workers" in report else []),
    ]


def ingest_workers(result: dict[str, Any]) -> list[str]:
    """``graph-api ingest`` with 1 and 2 workers: medians with the lowest and highest of the rounds (graph_api/bench/ingest_workers.py)."""
    rounds = f"{result['articles']} articles, {result['rounds']}×"
    lines = [
        f"| `graph-api ingest --workers {w}`, end to end / steady ({rounds}) | {_spread(result[f'workers_{w}']['articles_per_second'])}"
        f" / {_spread(result[f'workers_{w}']['steady_articles_per_second'])} articles/s |"
        for w in (1, 2)
    ]
    lines.append(
        f"| 2 workers / 1 worker, end to end / steady | {_spread(result['ratio_end_to_end'], 'x')} / {_spread(result['ratio_steady'], 'x')} |"
    )
    if "ray_workers_1" in result:
        lines += [
            f"| `graph-api ingest --ray --workers {w}` (a local cluster each run), end to end / steady ({rounds})"
            f" | {_spread(result[f'ray_workers_{w}']['articles_per_second'])} / {_spread(result[f'ray_workers_{w}']['steady_articles_per_second'])} articles/s |"
            for w in (1, 2)
        ]
        lines.append(
            f"| Ray: 2 workers / 1 worker, end to end / steady | {_spread(result['ray_ratio_end_to_end'], 'x')} / {_spread(result['ray_ratio_steady'], 'x')} |"
        )
        lines.append(f"| 2 Ray workers / 2 processes, steady | {_spread(result['ray_over_pool_steady'], 'x')} |")
        writer = result["writer"]
        lines.append(
            f"| the one writer: commits / extraction in one process ({writer['articles']} articles) | {writer['commits_per_second']}"
            f" / {writer['extraction_per_second']} articles/s: it keeps up with {writer['workers_one_writer_feeds']} workers |"
        )
    lines.append(f"| load average (1 min) at the end of those runs | {_spread(result['load_average'])} |")
    return lines


def _spread(value: dict[str, float], unit: str = "") -> str:
    return f"{value['median']}{unit} ({value['min']}–{value['max']})"


def _cold_starts(cold_start: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "| cold start | from the snapshot: seconds | peak RSS MB | bytes/article (memory) | bytes/edge (memory) | server's first answer: seconds"
        " | server peak RSS MB | rebuild from the store: seconds | its peak RSS MB | writing the snapshot: seconds | snapshot MB"
        " | store bytes/article | edges | a write, then the first pages: ms (orders kept) | the same, orders sorted again (before) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, c in cold_start.items():
        lines.append(
            f"| {int(size):,} articles | {c['seconds']} | {c['peak_rss_mb']} | {c['memory_bytes_per_article']:,} | {c['memory_bytes_per_edge']:,}"
            f" | {c['server_first_answer_seconds']} | {c['server_peak_rss_mb']} | {c['rebuild_seconds']} | {c['rebuild_peak_rss_mb']}"
            f" | {c['snapshot_write_seconds']} | {c['snapshot_mb']} | {c['store_bytes_per_article']:,} | {c['edges']:,}"
            f" | {c['order_after_write_ms']} | {c['order_resorted_after_write_ms']} |"
        )
    return lines


def search(size: int, result: dict[str, Any]) -> list[str]:
    """FTS5 beside the tantivy index, per word (graph_api/bench/search.py)."""
    lines = [
        "",
        f"Full-text search at {size:,} articles: the store call in process, top {result['top']} with snippets, no response cache"
        f" (tantivy index built from the store in {result['index_build_s']} s, {result['index_build_s_per_100k']} s per 100,000 articles; {result['index_mb']:,} MB)",
        "",
        "| word | articles holding it | FTS5 p50 ms | FTS5 p99 ms | tantivy p50 ms | tantivy p99 ms | FTS5/tantivy p50 | runs FTS5 / tantivy |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, w in result["words"].items():
        fts5, tantivy = w["fts5"], w["tantivy"]
        lines.append(
            f"| {label}: {w['word']} | {w['matches']:,} | {fts5['p50_ms']} | {fts5['p99_ms']} | {tantivy['p50_ms']} | {tantivy['p99_ms']} | {w['ratio_p50_fts5_vs_tantivy']}× | {fts5['runs']} / {tantivy['runs']} |"
        )
    return lines


def _queries(size: int, queries: dict[str, dict[str, Any]]) -> list[str]:
    """One corpus size: ours, uncached and the peers, a row per query."""
    lines = ["", f"Queries at {size:,} articles (uvicorn, 1 worker; wrk in its own process)", "", *QUERY_HEADER]
    for name, q in queries.items():
        lines.append(
            f"| {name} | {q['c1']['p50_ms']} | {q['c1']['p99_ms']} | {q['c1']['rps']:,} | {q['c32']['p50_ms']} | {q['c32']['p99_ms']} |"
            f" {q['c32']['rps']:,} | {q['no_cache_c1']['p50_ms']} / {q['no_cache_c1']['rps']:,}"
            f" | {q['graphql_core_http_c1']['p50_ms']} / {q['graphql_core_http_c1']['rps']:,}"
            f" | {q['ratio_p50_ours_vs_graphql_core_http']} ({q['ratio_p50_uncached_vs_graphql_core_http']}) | {q['graphql_core_p50_ms']}"
            f" | {q['starlette_ceiling']['c1']['rps']:,} / {q['starlette_ceiling']['c32']['rps']:,} | {q['ratio_rps_ours_vs_starlette']} | {q['ratio_rps_uncached_vs_starlette']} |"
        )
    return lines


def _limits(size: int, heavy: dict[str, dict[str, Any]]) -> list[str]:
    """The heaviest accepted queries beside an entity lookup (graph_api/bench/limits.py)."""
    lines = [
        "",
        f"Heaviest queries the default limits accept, at {size:,} articles (response cache off, {RUNS} requests each)",
        "",
        "| query | cost | p50 ms | worst ms | response bytes | answer |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, q in heavy.items():
        answer = q["error"] or "data"
        lines.append(f"| {name} | {q['cost']:,} | {q['p50_ms']} | {q['max_ms']} | {q['bytes']:,} | {answer} |")
    return lines


def _exploration(size: int, explored: dict[str, Any]) -> list[str]:
    """The exploration queries over HTTP beside the naive networkx computation (graph_api/bench/exploration.py)."""
    lines = [
        "",
        f"Exploration at {size:,} articles: ours over HTTP (response cache off, wrk c1) beside naive networkx on the full graph, in process",
        "",
        "| query | ours p50 ms | ours p99 ms | ours rps | naive networkx p50 ms | naive / ours |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, q in explored["queries"].items():
        ours, naive = q["ours"], q["naive_p50_ms"]
        ratio = f"{round(naive / max(ours['p50_ms'], 1e-3), 1)}×" if naive is not None else "not run at this size"
        lines.append(f"| {name} | {ours['p50_ms']} | {ours['p99_ms']} | {ours['rps']:,} | {naive if naive is not None else '–'} | {ratio} |")
    lines += [
        "",
        f"Entity projection: {explored['projection_entities']:,} entities, {explored['projection_links']:,} links;"
        f" rebuilt in {explored['projection_rebuild_s']} s after a change (PageRank alone {explored['pagerank_s']} s),"
        " in a background thread while requests use the previous one.",
    ]
    return lines


def _explorer(size: int, drawn: dict[str, Any]) -> list[str]:
    """The explorer's entity view of the hub in Chromium: drawing time beside its GraphQL request (graph_api/bench/explorer.py)."""
    lines = ["", f"Explorer at {size:,} articles: the hub's entity view in headless Chromium, from the GraphQL answer to the drawn frame", ""]
    if "skipped" in drawn:
        return [*lines, f"Not measured: {drawn['skipped']}."]
    lines += ["| entity | depth | nodes | GraphQL request p50 ms | drawn p50 ms | drawn max ms |", "|---|---:|---:|---:|---:|---:|"]
    for v in drawn["views"]:
        lines.append(f"| {v['entity']} | {v['depth']} | {v['nodes']} | {v['graphql_ms_p50']} | {v['draw_ms_p50']} | {v['draw_ms_max']} |")
    return lines


def _growth(by_size: dict[str, dict[str, dict[str, Any]]], cold_start: dict[str, dict[str, Any]]) -> list[str]:
    """How memory, cold start and each query's uncached p50 at c1 grow from one corpus size to the next."""
    sizes = list(by_size)
    lines = [
        "",
        "Growth with corpus size (p50 at c1, uncached, in ms)",
        "",
        "| | " + " | ".join(f"{int(s):,} articles" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    rows = {
        "server peak RSS MB": "server_peak_rss_mb",
        "cold start from the snapshot, s": "seconds",
        "server's first answer, s": "server_first_answer_seconds",
    }
    for label, key in rows.items():
        lines.append(f"| {label} | " + " | ".join(str(cold_start.get(s, {}).get(key, "")) for s in sizes) + " |")
    for name in QUERIES:
        lines.append(f"| {name} | " + " | ".join(str(by_size[s][name]["no_cache_c1"]["p50_ms"]) for s in sizes) + " |")
    return lines


def ingest_while_serving(result: dict[str, Any]) -> list[str]:
    """Each query's latency on the idle server beside the same load during each way of ingesting (graph_api/bench/writes.py)."""
    phases = [("baseline", "idle"), ("api_ingest", "ingestArticles"), ("cli_ingest", "graph-api ingest")]
    phases = [(key, label) for key, label in phases if key in result]
    api = result["api_ingest"]
    header = " | ".join(f"{label} p50 / p99 / max ms | {label} rps" for _, label in phases)
    lines = [
        "",
        f"Queries during ingestion, on a store of {result['store_articles']:,} articles (each query on its own connection, requests at random"
        " moments at the rate shown, timed from when each was due; varied bodies miss the response cache)",
        "",
        f"| query | rate/s | {header} | errors |",
        "|---|---:|" + "---:|---:|" * len(phases) + "---:|",
    ]
    for name, rate in result["rates_per_second"].items():
        cells = " | ".join(_latencies(result[key]["queries"][name]) for key, _ in phases)
        errors = sum(result[key]["queries"][name]["errors"] for key, _ in phases)
        lines.append(f"| {name} | {rate:g} | {cells} | {errors} |")
    quiet = result["quiet_ingest"]
    lines += [
        "",
        f"ingestArticles: {api['ingested']:,} of {api['articles']:,} articles ingested ({api['duplicates']} duplicates, {api['rejected']} rejected)"
        f" in {api['batches']} calls of {result['batch']}, {api['articles_per_second']} articles/s under the query load"
        f" ({quiet['articles_per_second']} articles/s without it, on {quiet['articles']} articles); a call took {api['batch_seconds_p50']} s"
        f" (p50), {api['batch_seconds_max']} s at most. Loading the model at the first ingestion: {result['model_load_s']} s.",
    ]
    if "cli_ingest" in result:
        cli = result["cli_ingest"]
        lines.append(
            f"graph-api ingest: {cli['articles']:,} articles from another process in {cli['seconds']} s until the server showed them all"
            f" ({cli['articles_per_second']} articles/s, its model loading included; the server {cli['server_behind_cli_s']} s behind the CLI's end)."
        )
    return lines


def _latencies(q: dict[str, Any]) -> str:
    return f"{q['p50_ms']} / {q['p99_ms']} / {q['max_ms']} | {q['rps']:,}"
