"""``graph-api serve --workers N``: N uvicorn worker processes on one port, each serving its own graph of the one store.

uvicorn's supervisor binds the port, starts the workers (fresh interpreters) and restarts one that
dies; each worker imports this module, reads the settings from its environment (the command puts
its options there first), loads the graph from the store (the snapshot first, when there is one)
and follows the store like any replica: a write through one worker reaches the others through the
store (PostgreSQL's NOTIFY, else ``follow_interval``). The uvicorn protocol class is looked up by
name in the worker, so it is made there from the worker's settings.
"""

from __future__ import annotations

import os
from dataclasses import fields
from typing import Any

import uvicorn
from starlette.applications import Starlette

from graph_api.api.http11 import with_header_timeout
from graph_api.corpus import Corpus
from graph_api.server import create_app, prepare
from graph_api.settings import Settings, env_name

# Seconds a worker may not answer its supervisor's ping before it is killed and replaced: loading the graph and the model
# holds the interpreter for seconds at a time (uvicorn's default, 5 s, kills a worker still starting on a busy machine).
HEALTHCHECK_SECONDS = 60


def app() -> Starlette:
    """One worker's application: its corpus from the environment's settings, closed when the worker stops."""
    corpus = Corpus(Settings.load())
    prepare(corpus)
    return create_app(corpus, close_at_shutdown=True)


def __getattr__(name: str) -> Any:
    """``HeaderTimeoutProtocol``: uvicorn's HTTP protocol closing a connection slow to send its headers, made in the worker."""
    if name == "HeaderTimeoutProtocol":
        return with_header_timeout(Settings.load().header_timeout)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def serve_workers(settings: Settings, workers: int) -> None:
    """Run ``workers`` uvicorn workers of ``settings`` until interrupted."""
    for row in fields(settings):  # the workers read the command's settings, options included, from their environment
        os.environ[env_name(row)] = str(getattr(settings, row.name))
    uvicorn.run(
        f"{__name__}:app",
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=settings.access_log,
        http=f"{__name__}:HeaderTimeoutProtocol",
        server_header=False,
        timeout_keep_alive=settings.keep_alive_timeout,
        timeout_graceful_shutdown=settings.shutdown_timeout,
        timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
    )
