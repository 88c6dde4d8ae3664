"""The ``graph-api`` command: a thin layer over the library."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from graph_api.corpus import Corpus, IngestResult, Outcome
from graph_api.graph.export import Format, entity_neighbourhood, exportable, resolve_entity, write
from graph_api.settings import Settings
from graph_api.store import StoreError
from graph_api.store.interface import without_password

if TYPE_CHECKING:
    from graph_api.nlp.ray_pool import RayCluster

_db_option = click.option(
    "--db", default=None, help="Store: a SQLite file or a postgresql://user@host/db URL [env GRAPH_API_DB; default data/graph.db]."
)


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings.load(**overrides)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def _report(results: Iterable[IngestResult], total: int | None, threshold: int, out: TextIO | None = None) -> dict[Outcome, int]:
    """Print one line per input (to ``out``, standard output by default; with a progress bar on long runs); return counts by outcome."""
    counts = {outcome: 0 for outcome in Outcome}
    show_bar = total is not None and total > threshold and sys.stderr.isatty()
    with click.progressbar(length=total or 0, file=sys.stderr, label="ingesting", hidden=not show_bar) as bar:
        for result in results:
            counts[result.outcome] += 1
            rejected = result.outcome is Outcome.REJECTED
            click.echo(result.line(), file=None if rejected else out, err=rejected)
            bar.update(1)
    return counts


def _summary(counts: dict[Outcome, int]) -> str:
    return ", ".join(f"{counts[o]} {o.value}" for o in Outcome)


def _count_inputs(paths: list[Path]) -> int:
    """Rough number of inputs, for the progress bar (files, plus lines of JSON Lines files)."""
    total = 0
    for path in paths:
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            if file.suffix.lower() in (".jsonl", ".ndjson"):
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif file.suffix.lower() == ".txt" or not path.is_dir():
                total += 1
    return total


class _Commands(click.Group):
    """The commands, with a store fault (damaged, read-only, locked …) reported as one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_Commands)
@click.version_option(package_name="graph-api")
def main() -> None:
    """A GraphQL knowledge graph over Dutch news."""


@main.command()
@click.option("--host", default=None, help="Address to listen on [env GRAPH_API_HOST; default 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port to listen on [env GRAPH_API_PORT; default 8000].")
@_db_option
@click.option(
    "--seeds",
    type=click.Path(path_type=Path),
    default=None,
    help="Articles to ingest into an empty store [env GRAPH_API_SEEDS; default: the bundled seeds].",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="uvicorn worker processes, each with its own graph following the store [env GRAPH_API_SERVE_WORKERS; default 1].",
)
def serve(host: str | None, port: int | None, db: str | None, seeds: Path | None, workers: int | None) -> None:
    """Serve the graph at http://HOST:PORT/graphql (GraphiQL in a browser), seeding an empty store."""
    settings = _settings(host=host, port=port, db=db, seeds=seeds, serve_workers=workers)
    if settings.serve_workers < 1:
        raise click.UsageError(f"serve_workers is {settings.serve_workers} (GRAPH_API_SERVE_WORKERS): give 1 or more")
    if settings.serve_workers > 1:
        from graph_api.store import open_store
        from graph_api.workers import serve_workers

        store = open_store(settings)
        empty = store.article_count() == 0
        store.close()
        if empty:  # seeded once, here, before the workers start
            corpus = Corpus(settings)
            _seed(corpus)
            corpus.close()
        click.echo(f"Serving with {settings.serve_workers} workers at http://{settings.host}:{settings.port}/graphql", err=True)
        serve_workers(settings, settings.serve_workers)
        return
    from graph_api.server import serve as run_server

    corpus = Corpus(settings)
    _seed(corpus)
    click.echo(f"Serving {corpus.graph.stats()['articles']} articles at http://{settings.host}:{settings.port}/graphql", err=True)
    run_server(corpus)


def _seed(corpus: Corpus) -> None:
    """Ingest the seeds into an empty store."""
    settings = corpus.settings
    store = without_password(settings.db)  # a URL's password is never printed
    if corpus.store.article_count() == 0:
        if settings.seeds.exists():
            click.echo(f"Empty store {store}: ingesting {settings.seeds}", err=True)
            counts = _report(corpus.ingest_paths([settings.seeds]), None, settings.progress_threshold)
            click.echo(_summary(counts), err=True)
        else:
            click.echo(f"Empty store {store} and no seeds folder {settings.seeds}: serving an empty graph", err=True)


def _workers(settings: Settings) -> int:
    """Extraction processes for ``ingest``: the setting, 0 meaning one per core available."""
    if settings.ingest_workers < 0:
        raise click.UsageError(f"ingest_workers is {settings.ingest_workers} (GRAPH_API_INGEST_WORKERS): give 1 or more, or 0 for one per core")
    from graph_api.nlp.pool import available_cores  # the pool imports spaCy: only ``ingest`` needs it

    return settings.ingest_workers or available_cores()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes extracting articles, each loading the model; this one commits them in input order"
    " [env GRAPH_API_INGEST_WORKERS; default: one per core available; with --ray: one per CPU of the cluster].",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Extract on a Ray cluster: the address of a running one (host:port as `ray start --head` prints it, or auto),"
    " none to start a local one for this command. Needs `pip install 'graph-api[distributed]'`.",
)
def ingest(paths: tuple[Path, ...], db: str | None, workers: int | None, ray_address: str | None) -> None:
    """Ingest .txt files, folders of them, or JSON Lines files; one line per article."""
    from graph_api.nlp.pool import WorkerDied

    settings = _settings(db=db, ingest_workers=workers)
    processes = _workers(settings)
    out = sys.stdout
    # Ray prints what its workers report (a worker lost …) to standard output: the line per input stays alone there
    with contextlib.redirect_stdout(sys.stderr) if ray_address is not None else contextlib.nullcontext():
        cluster = _ray_cluster(ray_address, settings.ingest_workers) if ray_address is not None else None
        try:
            corpus = Corpus(settings)
            results = corpus.ingest_paths(list(paths), cluster.workers if cluster else processes, cluster)
            counts = _report(results, _count_inputs(list(paths)), settings.progress_threshold, out)
        except WorkerDied as error:
            raise click.ClickException(f"{error}. Run the same command again to go on: what was stored shows as duplicate.") from None
        finally:
            if cluster is not None:
                cluster.close()
    click.echo(_summary(counts), err=True)
    corpus.close()
    if counts[Outcome.REJECTED] and not counts[Outcome.INGESTED] and not counts[Outcome.DUPLICATE]:
        sys.exit(1)


def _ray_cluster(address: str, workers: int) -> RayCluster:
    """The Ray cluster ``ingest --ray`` extracts on, joined (or started) before anything is read."""
    from graph_api.nlp.ray_pool import RayUnavailable, connect

    try:
        return connect(address, workers)
    except RayUnavailable as error:
        raise click.ClickException(str(error)) from None


@main.command()
def schema() -> None:
    """Print the GraphQL schema (SDL)."""
    from graph_api.api.schema import sdl

    click.echo(sdl(), nl=False)


@main.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(db: str | None, as_json: bool) -> None:
    """Print how many articles, entities, nodes and edges the store holds."""
    corpus = Corpus(_settings(db=db))
    counts = corpus.graph.stats()
    if as_json:
        click.echo(json.dumps(counts))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            click.echo(f"{key:<{width}}  {value}")


@main.command()
@click.option("--format", "fmt", type=click.Choice([f.value for f in Format]), required=True, help="graphml, gexf, json (node-link) or csv.")
@click.option("--entity", default=None, help="Export only the neighbourhood of this entity: a global id (person:anna-de-vries) or a name.")
@click.option("--depth", type=click.IntRange(1, 2), default=None, help="Hops from --entity, 1 or 2 [default: 1].")
@click.option("--first", type=click.IntRange(min=1), default=None, help="Most entities around --entity [default: 25].")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="File to write [default: standard output]; for csv a folder (required).")
@_db_option
def export(fmt: str, entity: str | None, depth: int | None, first: int | None, out: Path | None, db: str | None) -> None:
    """Write the entity graph, or a neighbourhood of one entity, as GraphML, GEXF, node-link JSON or CSV."""
    form = Format(fmt)
    if form is Format.CSV and out is None:
        raise click.UsageError("--format csv writes nodes.csv and edges.csv into a folder: give it with --out DIR")
    if entity is None and (depth is not None or first is not None):
        raise click.UsageError("--depth and --first apply to a neighbourhood: give --entity")
    corpus = Corpus(_settings(db=db))
    projection = corpus.graph.projection()
    subgraph = None
    if entity is not None:
        centre = resolve_entity(corpus.graph, entity)
        if centre is None:
            click.echo(f"Error: unknown entity {entity!r}", err=True)
            corpus.close()
            sys.exit(2)
        subgraph = entity_neighbourhood(projection, centre, depth or 1, first or 25, corpus.settings.subgraph_edges_per_node)
    try:
        write(exportable(corpus.graph, projection, subgraph), form, out)
    except OSError as error:
        raise click.ClickException(f"cannot write {error.filename or out or 'to standard output'}: {error.strerror or error}") from None
    finally:
        corpus.close()


@main.command("evaluate-ner")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--all-cores", is_flag=True, help="Do not pin the process to one core for the speed measurement.")
def evaluate_ner(file: Path, as_json: bool, all_cores: bool) -> None:
    """Score the extraction on a CoNLL file: entity-level P/R/F1 per type, micro averages, speed."""
    from graph_api.nlp.evaluate import evaluate, format_table, pin_to_one_core
    from graph_api.nlp.extract import Extractor

    if not all_cores:
        pin_to_one_core()
    settings = _settings()
    result = evaluate(file, Extractor(settings.spacy_model), settings.nlp_batch_size)
    click.echo(json.dumps(result) if as_json else format_table(result))


@main.command("evaluate-news")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--part",
    type=click.Choice(["dev", "held_out", "all"]),
    multiple=True,
    help="Part of the split to score, in its own fresh store; repeatable [default: dev and held_out].",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: figures and raw counts per part.")
@click.option("--details", is_flag=True, help="Also list every error: missed and spurious entities, quotes, events.")
def evaluate_news_command(folder: Path, gold: Path, part: tuple[str, ...], as_json: bool, details: bool) -> None:
    """Score the graph built from news texts against hand-made gold (tests/data/NEWS_GOLD.md)."""
    from graph_api.evaluation.gold import GoldError, load_gold
    from graph_api.evaluation.news import evaluate_news, figures, format_table

    try:
        annotations = load_gold(gold)
    except GoldError as error:
        raise click.ClickException(str(error)) from None
    try:
        scores = {name: evaluate_news(folder, annotations, name, _settings()) for name in part or ("dev", "held_out")}
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps({name: {"figures": figures(s), "counts": dict(s.counts)} for name, s in scores.items()}))
    else:
        click.echo(format_table(scores))
    if details:
        for name, score in scores.items():
            click.echo(f"\n# errors in {name}", err=True)
            for line in score.errors:
                click.echo(line, err=True)


@main.command()
@click.option("--sizes", default="1000,10000,100000", show_default=True, help="Corpus sizes (articles) for cold start and queries.")
@click.option("--query-sizes", default=None, help="Sizes to run the HTTP query benchmark at [default: all --sizes].")
@click.option("--extraction-articles", default=200, show_default=True, help="Synthetic articles for the extraction benchmarks.")
@click.option("--seconds", default=5, show_default=True, help="Duration of each load-generator run.")
@click.option("--seed", default=42, show_default=True, help="Seed of the synthetic corpus.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("bench/out"), show_default=True, help="Where stores and results.json go.")
@click.option("--no-queries", is_flag=True, help="Skip the HTTP query benchmark (the one that needs wrk).")
@click.option(
    "--ingest-articles",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Queries during ingestion: articles sent through ingestArticles (and half as many through `graph-api ingest`) while"
    " queries run, beside the same queries on the idle server; 0 skips it.",
)
@click.option(
    "--workers-articles",
    type=click.IntRange(min=0),
    default=320,
    show_default=True,
    help="Synthetic articles through `graph-api ingest --workers 1` and `--workers 2`, each run into a fresh store; 0 skips it.",
)
@click.option("--workers-rounds", type=click.IntRange(min=1), default=3, show_default=True, help="Runs of each, alternating.")
@click.option("--workers-ray", is_flag=True, help="Also `graph-api ingest --ray` with 1 and 2 Ray workers in the same rounds (needs ray).")
@click.option("--attacks", is_flag=True, help="Instead: send the attack catalogue to real servers of the seeds; print its table, write attacks.json.")
@click.option("--search-only", is_flag=True, help="Instead: only full-text search, FTS5 beside the tantivy index, at each of --sizes.")
@click.option(
    "--writer-only",
    type=click.IntRange(min=1),
    default=None,
    help="Instead: commits/s of the single writer, this many synthetic articles into SQLite and into a throwaway PostgreSQL.",
)
def bench(
    sizes: str,
    query_sizes: str | None,
    extraction_articles: int,
    seconds: int,
    seed: int,
    out: Path,
    no_queries: bool,
    ingest_articles: int,
    workers_articles: int,
    workers_rounds: int,
    workers_ray: bool,
    attacks: bool,
    search_only: bool,
    writer_only: int | None,
) -> None:
    """Measure extraction, ingestion, cold start, query speed and queries during ingestion; print a table, write results.json."""
    from graph_api.bench.report import format_report
    from graph_api.bench.run import run

    if attacks:
        from graph_api.bench.attack_runner import format_table, run_attacks, write_results

        results = run_attacks()
        write_results(results, out)
        click.echo(format_table(results))
        return
    if writer_only is not None:
        from graph_api.bench.writer import bench_single_writer, format_writer

        report = bench_single_writer(writer_only, seed)
        out.mkdir(parents=True, exist_ok=True)
        (out / "writer.json").write_text(json.dumps(report, indent=2))
        click.echo(format_writer(report))
        return
    size_list = [int(s) for s in sizes.split(",") if s]
    if search_only:
        from graph_api.bench.run import run_search

        click.echo(format_report(run_search(size_list, out, seed)))
        return
    query_list = [int(s) for s in query_sizes.split(",") if s] if query_sizes else size_list
    if no_queries:
        query_list = []
    report = run(size_list, out, extraction_articles, seconds, seed, query_list, ingest_articles, workers_articles, workers_rounds, workers_ray)
    click.echo(format_report(report))


@main.command("settings")
def show_settings() -> None:
    """Print every setting: name, current value, environment variable and help."""
    current = _settings()
    for name, value, env, help_text in current.as_rows():
        click.echo(f"{name:<20} {value:<24} {env:<30} {help_text}")


if __name__ == "__main__":
    main()
