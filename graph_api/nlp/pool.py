"""Extraction on every core: worker processes, each with its own model, handing batches back in input order.

The parent (the one writer) commits; workers only extract. Extraction reads one thing from the graph:
who held a role at a date (``known_holder``), for a role reference the article itself does not resolve
("de premier"). The graph lives in the parent and changes as batches commit, so a worker cannot ask it
when the serial path does (before the batch, after every earlier batch). A worker answers each such
question with "nobody" and records it. When the batch's turn to commit comes, the parent asks the graph
the same questions (they depend on the article alone) and sends the articles it answers differently back
to a worker, to be extracted again with the graph's answers. Extraction is a function of the text, its
date and those answers (not of the other articles in its spaCy batch), so every article comes out as
the serial path extracts it; the price is a second extraction of the articles the graph resolves a role
for (rare: none of 300 synthetic bench articles; see README "Ingestion on every core").
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from types import TracebackType
from typing import Generic, Self, TypeVar

from threadpoolctl import threadpool_limits

from graph_api.dates import PartialDate
from graph_api.nlp.extract import Extraction, Extractor
from graph_api.nlp.roles import RoleLookup

log = logging.getLogger(__name__)

T = TypeVar("T")
Item = tuple[str, PartialDate | None]  # an article's text and published date
Query = tuple[str, str | None, PartialDate | None]  # a question to ``known_holder``: title, country id, date
IN_FLIGHT_PER_WORKER = 2  # batches sent ahead per worker: one extracting, one waiting while the parent commits
PARENT_CHECK_SECONDS = 1.0
MEETING_TIMEOUT = 600.0  # seconds workers wait for each other in ready(): their model loading


class WorkerDied(RuntimeError):
    """Extraction workers died twice while the same batch was in flight: nothing of that batch or after it was stored."""


def available_cores() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Extracted:
    """One article's extraction and the questions it asked the graph, with the answers it was given."""

    extraction: Extraction
    asked: dict[Query, str | None]


@dataclass(frozen=True)
class Job:
    """A batch to extract: the articles, and how to name the batch in an error."""

    items: list[Item]
    label: str


@dataclass
class InFlight(Generic[T]):
    batch: T
    job: Job
    future: Future[list[Extracted]]
    retried: bool = field(default=False)


class OrderedPool(ABC):
    """Extraction elsewhere (processes, a Ray cluster), batches handed back in the order sent and retried once
    when the worker holding them is lost; the backend says how a batch is sent, how a loss shows and how it restarts."""

    workers: int
    lost: tuple[type[BaseException], ...]  # what a batch's future raises when its worker died

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close(abort=kind is not None)

    @abstractmethod
    def close(self, abort: bool = False) -> None:
        """Let the workers finish and leave; ``abort``: stop them at once (they hold nothing that must be kept)."""

    @abstractmethod
    def extract(self, items: list[Item], answers: dict[Query, str | None] | None = None) -> Future[list[Extracted]]:
        """Extract in a worker; role questions get ``answers`` (all of them), or nobody, recorded, when None."""

    @abstractmethod
    def _restart(self, batches: list[InFlight[T]]) -> None:
        """After the first batch's worker was lost: the batches that need it sent again (the first always)."""

    def in_order(self, batches: Iterable[T], job: Callable[[T], Job], known_holder: RoleLookup) -> Iterator[tuple[T, list[Extraction]]]:
        """Each batch with its articles' extractions, in the order given, while later batches are extracted.

        A batch's role questions go to ``known_holder`` when the caller asks for the batch: commit every
        batch before asking for the next, and they are answered as the serial path answers them. A worker
        that dies costs the batches in flight one more try each; a second death on a batch raises ``WorkerDied``.
        """
        source = iter(batches)
        pending: deque[InFlight[T]] = deque()
        self._send(pending, source, job)
        while pending:
            head = pending.popleft()
            extracted = self._settled(head, pending, known_holder)
            self._send(pending, source, job)
            yield head.batch, [e.extraction for e in extracted]

    def _send(self, pending: deque[InFlight[T]], source: Iterator[T], job: Callable[[T], Job]) -> None:
        """Keep ``IN_FLIGHT_PER_WORKER`` batches per worker in flight (bounded, so memory stays bounded)."""
        while len(pending) < IN_FLIGHT_PER_WORKER * self.workers:
            batch = next(source, None)
            if batch is None:
                return
            work = job(batch)
            pending.append(InFlight(batch, work, self.extract(work.items)))

    def _settled(self, head: InFlight[T], pending: deque[InFlight[T]], known_holder: RoleLookup) -> list[Extracted]:
        """The head batch extracted with the graph's answers; a lost worker costs the batch one more try."""
        while True:
            try:
                return self._answered(head.job, head.future.result(), known_holder)
            except self.lost as error:
                if head.retried:
                    raise WorkerDied(
                        f"extraction workers died twice with {head.job.label} in flight ({error}); nothing from it on was stored"
                    ) from None
                log.warning("an extraction worker died with %s in flight: extracting it and the batches after it again", head.job.label)
                head.retried = True
                self._restart([head, *pending])

    def _answered(self, job: Job, extracted: list[Extracted], known_holder: RoleLookup) -> list[Extracted]:
        """The batch as the serial path extracts it now: an article the graph answers differently is extracted again."""
        answers = {query: known_holder(*query) for one in extracted for query in one.asked}
        again = {
            index: self.extract([job.items[index]], {query: answers[query] for query in one.asked})
            for index, one in enumerate(extracted)
            if any(answers[query] != given for query, given in one.asked.items())
        }
        return [again[index].result()[0] if index in again else one for index, one in enumerate(extracted)]


class ExtractionPool(OrderedPool):
    """``workers`` processes (spawned, so nothing of the parent's graph or store is shared), each loading the
    model once; batches go out ahead and come back in the order sent."""

    lost = (BrokenProcessPool,)

    def __init__(self, workers: int, model: str, batch_size: int) -> None:
        self.workers = workers
        self.model = model
        self.batch_size = batch_size
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = get_context("spawn")
        meeting = context.Barrier(self.workers)
        return ProcessPoolExecutor(self.workers, context, initializer=_load, initargs=(self.model, os.getpid(), meeting))

    def close(self, abort: bool = False) -> None:
        if not abort:
            self._executor.shutdown(wait=True)
            return
        processes = list((self._executor._processes or {}).values())  # Python 3.14 has terminate_workers() for this
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()

    def ready(self) -> None:
        """Start every worker and wait until each has loaded its model: one job per worker, each waiting for all."""
        for future in [self._executor.submit(_meet) for _ in range(self.workers)]:
            future.result()

    def extract(self, items: list[Item], answers: dict[Query, str | None] | None = None) -> Future[list[Extracted]]:
        """A pool that broke before the job was sent fails the job's future, as one that breaks after does."""
        try:
            return self._executor.submit(_extract, items, self.batch_size, answers)
        except BrokenProcessPool as error:
            return _failed(error)
        except OSError as error:
            # submit() starts missing workers; when one dies meanwhile, the executor's manager thread
            # closes the call queue under it and the start fails on the closed pipe: the pool is lost.
            return _failed(BrokenProcessPool(f"the pool broke while starting a worker ({error})"))

    def _restart(self, batches: list[InFlight[T]]) -> None:
        """A new pool, and every batch in flight sent to it again."""
        self.close(abort=True)
        self._executor = self._start()
        for batch in batches:
            batch.future = self.extract(batch.job.items)


def _failed(error: BaseException) -> Future[list[Extracted]]:
    failed: Future[list[Extracted]] = Future()
    failed.set_exception(error)
    return failed


class _Asked:
    """``known_holder`` inside a worker: answers from a table (or nobody) and records each question."""

    def __init__(self, answers: dict[Query, str | None] | None) -> None:
        self.answers = answers
        self.asked: dict[Query, str | None] = {}

    def __call__(self, title: str, country_id: str | None, at: PartialDate | None) -> str | None:
        query = (title, country_id, at)
        if self.answers is None:
            answer = None
        elif query in self.answers:
            answer = self.answers[query]
        else:  # the questions depend on the article alone: the same extraction asks the same ones
            raise RuntimeError(f"extraction asked {query!r}, which it did not ask the first time")
        self.asked[query] = answer
        return answer

    def take(self) -> dict[Query, str | None]:
        """The questions asked since the last take (one article's)."""
        asked, self.asked = self.asked, {}
        return asked


_extractor: Extractor | Exception | None = None  # one per worker process
_meeting: Barrier | None = None


def _load(model: str, parent: int, meeting: Barrier) -> None:
    """Start a worker: leave Ctrl-C to the parent, leave when the parent is gone, load the model."""
    global _extractor, _meeting
    _meeting = meeting
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_follow_parent, args=(parent,), daemon=True).start()
    # One BLAS thread per worker (OpenBLAS starts one per core): the workers are the parallelism, and
    # a thread pool each would have them fight over the same cores. Ray's workers get the same.
    threadpool_limits(1)
    try:
        _extractor = Extractor(model)
        _extractor.warm_up()
    except Exception as error:  # noqa: BLE001 - raised by each job, so the parent reports it as the serial path would
        _extractor = error


def _follow_parent(parent: int) -> None:
    """Exit when the parent is gone (killed with -9, say): an orphan would wait for work forever."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _meet() -> None:
    """Wait for the other workers: as many of these jobs as workers occupy each worker once, after its model loaded."""
    assert _meeting is not None
    _meeting.wait(timeout=MEETING_TIMEOUT)


def _extract(items: list[Item], batch_size: int, answers: dict[Query, str | None] | None) -> list[Extracted]:
    assert _extractor is not None, "a job ran before the worker's initializer"
    return extract_batch(_extractor, items, batch_size, answers)


def extract_batch(extractor: Extractor | Exception, items: list[Item], batch_size: int, answers: dict[Query, str | None] | None) -> list[Extracted]:
    """A batch's extractions in a worker, with the role questions each asked; a model that failed to load fails every batch."""
    if isinstance(extractor, Exception):
        raise extractor
    known_holder = _Asked(answers)
    return [Extracted(extraction, known_holder.take()) for extraction in extractor.extract_many(items, batch_size, known_holder)]
