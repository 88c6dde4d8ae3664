"""Extraction on a Ray cluster for ``graph-api ingest --ray [ADDRESS]``: one actor per worker, each loading the model once.

The order, the role answers checked at commit time and the retry once of a batch whose worker was lost are
those of the process pool (graph_api/nlp/pool.py, ``OrderedPool``); only the workers differ. An actor whose
process or machine is lost is replaced, and each batch it held is sent again, once: a loss shows in the log,
and a batch that kills its worker every time stops the command with its name.
Without an address the command starts a local cluster of its own and stops it at the end; with one it
joins a running cluster (``ray start --head`` prints the address), whose every node has graph-api installed.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
from concurrent.futures import Future
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from graph_api.nlp.pool import Extracted, InFlight, Item, OrderedPool, Query, available_cores, extract_batch

if TYPE_CHECKING:
    from graph_api.nlp.extract import Extractor

T = TypeVar("T")
LOCAL = "local"  # Ray's own word for "start a new local cluster"
CONNECT_SECONDS = 5.0  # a cluster address that takes no connection in this long is reported, not waited for
INSTALL = "pip install 'graph-api[distributed]'"
TOKEN_HINT = (
    "a cluster with token authentication, Ray's default, is joined with RAY_AUTH_MODE=token and its token (~/.ray/auth_token or RAY_AUTH_TOKEN)"
)


class RayUnavailable(RuntimeError):
    """Ray is not installed, or the cluster cannot be reached or run the workers asked for."""


class RayCluster:
    """The command's connection to a Ray cluster, and how many extraction workers it runs there."""

    def __init__(self, ray: ModuleType, address: str, workers: int) -> None:
        self.ray = ray
        self.address = address
        self.workers = workers

    def pool(self, workers: int, model: str, batch_size: int) -> RayExtractionPool:
        """``workers`` actors on the cluster (at most ``self.workers``), each with the model."""
        return RayExtractionPool(self.ray, min(workers, self.workers), model, batch_size)

    def close(self) -> None:
        """Leave the cluster; a local one started for the command stops."""
        self.ray.shutdown()


def connect(address: str, workers: int) -> RayCluster:
    """Join the cluster at ``address`` (``LOCAL``: start one with ``workers`` CPUs, 0 meaning one per core);
    ``workers`` 0 runs one worker per CPU of the cluster. Raises ``RayUnavailable`` saying why not."""
    ray = _import_ray()
    if address == LOCAL:
        cpus = workers or available_cores()
        try:
            ray.init(address=LOCAL, num_cpus=cpus, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
        except Exception as error:  # noqa: BLE001 - Ray fails in many ways; each is the cluster's, reported as such
            raise RayUnavailable(f"could not start a local Ray cluster: {error}") from None
    else:
        _check_reachable(address)
        try:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        except Exception as error:  # noqa: BLE001 - as above
            hint = "" if os.environ.get("RAY_AUTH_MODE") else f" ({TOKEN_HINT})"
            raise RayUnavailable(f"cannot join the Ray cluster at {address}: {error}{hint}") from None
        cpus = int(ray.cluster_resources().get("CPU", 0))
    if cpus < max(workers, 1):
        ray.shutdown()
        raise RayUnavailable(f"the Ray cluster at {address} has {cpus} CPUs: too few for {max(workers, 1)} extraction workers (one CPU each)")
    return RayCluster(ray, address, workers or cpus)


def _import_ray() -> ModuleType:
    try:
        import ray
    except ImportError as error:
        raise RayUnavailable(f"--ray needs the ray package, which is not installed ({error}): {INSTALL}") from None
    return ray


def _check_reachable(address: str) -> None:
    """Fail at once on an address nothing answers at: Ray itself retries such an address for minutes."""
    if address == "auto":
        return  # Ray finds the cluster this machine runs, or says there is none
    parts = urlsplit(address if "://" in address else f"//{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or port is None:
        hint = " (a path: give the paths before --ray)" if Path(address).exists() else ""
        raise RayUnavailable(f"--ray {address!r}{hint}: a Ray cluster address is host:port (as `ray start --head` prints it) or auto")
    try:
        socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
    except OSError as error:
        raise RayUnavailable(f"cannot reach the Ray cluster at {address}: {error} (is `ray start --head` running there?)") from None


class ExtractionWorker:
    """A Ray actor: the model loaded once, then batches extracted on demand (the process pool's worker, on a cluster)."""

    def __init__(self, model: str) -> None:
        from graph_api.nlp.extract import Extractor

        self.extractor: Extractor | Exception
        try:
            self.extractor = Extractor(model)
            self.extractor.warm_up()
        except Exception as error:  # noqa: BLE001 - raised by each batch, so the command reports it as the serial path would
            self.extractor = error

    def extract(self, items: list[Item], batch_size: int, answers: dict[Query, str | None] | None) -> list[Extracted]:
        return extract_batch(self.extractor, items, batch_size, answers)


class RayExtractionPool(OrderedPool):
    """``workers`` actors, one CPU each; batches go to them in turn and come back in the order sent.

    A lost actor (its process or machine gone) is replaced by a new one, which loads the model, and the batches
    it held go to the new one: Ray's own restart fails the calls sent while it restarts, which would spend the
    batch's one retry on the restart rather than on a second loss.
    """

    def __init__(self, ray: ModuleType, workers: int, model: str, batch_size: int) -> None:
        from ray.exceptions import ObjectLostError, RayActorError, WorkerCrashedError

        self.ray = ray
        self.workers = workers
        self.model = model
        self.batch_size = batch_size
        self.lost = (RayActorError, WorkerCrashedError, ObjectLostError)
        self._actor = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(ExtractionWorker)
        self._actors: list[Any] = [self._actor.remote(model) for _ in range(workers)]
        self._turn = itertools.cycle(range(workers))
        self._held: dict[Future[list[Extracted]], int] = {}  # the actor each unfinished or failed batch went to

    def close(self, abort: bool = False) -> None:  # noqa: ARG002 - an actor holds nothing to finish: the batches were all taken
        for actor in self._actors:
            self.ray.kill(actor)

    def extract(self, items: list[Item], answers: dict[Query, str | None] | None = None) -> Future[list[Extracted]]:
        return self._send_to(next(self._turn), items, answers)

    def _send_to(self, index: int, items: list[Item], answers: dict[Query, str | None] | None = None) -> Future[list[Extracted]]:
        future: Future[list[Extracted]] = self._actors[index].extract.remote(items, self.batch_size, answers).future()
        self._held[future] = index
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[list[Extracted]]) -> None:
        """A batch extracted needs no actor any more (a failed one keeps its, for ``_restart``)."""
        if not future.cancelled() and future.exception() is None:
            self._held.pop(future, None)

    def _restart(self, batches: list[InFlight[T]]) -> None:
        """The first batch, and every other one a lost actor already failed, sent to a new actor in place of the one lost."""
        replaced: set[int] = set()
        for position, batch in enumerate(batches):
            if position > 0 and not (batch.future.done() and isinstance(batch.future.exception(), self.lost)):
                continue
            index = self._held.pop(batch.future, None)
            if index is None:  # the batch came back, one of its articles extracted again did not: the loss shows later
                batch.future = self.extract(batch.job.items)
                continue
            if index not in replaced:
                self.ray.kill(self._actors[index])
                self._actors[index] = self._actor.remote(self.model)
                replaced.add(index)
            batch.future = self._send_to(index, batch.job.items)
