"""A snapshot of the resolved graph beside the store, so a restart loads it instead of rebuilding from the store.

The file is a header line (JSON: the format, the code's fingerprint, the store's id, and the store
positions the graph holds) followed by the pickled ``KnowledgeGraph``. It is written to a temporary
file and renamed into place, so it is whole or absent. A snapshot is used only when it was made by
this code from this store, and the store has not gone back behind it; the caller then reads in what
the store committed after the snapshot's positions. Anything else (another store, other code, a
truncated or corrupt file) is reported as unusable and the graph is rebuilt from the store, which
stays the record. A pickle runs code when loaded: the snapshot is trusted as the store beside it is.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import graph_api
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.store import Store

FORMAT = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SnapshotKey:
    """What a snapshot was made from: the store (its id) at positions (last article, last change), by this code."""

    store_id: str
    article_position: int
    change_sequence: int
    last_article: str | None  # the id of the store's article at ``article_position`` when the snapshot was made, if it still existed
    code: str = ""
    format: int = FORMAT


class UnusableSnapshot(Exception):
    """A snapshot that must not be loaded; the message says why."""


def snapshot_path(db: Path) -> Path:
    return db.with_name(db.name + ".graph")


PICKLED = ("graph/*.py", "model.py", "dates.py", "names.py")  # the modules whose classes and code make up a snapshot


@cache
def code_fingerprint() -> str:
    """A hash of the source of the modules a snapshot is made of: a snapshot of other code is not loaded (its classes may differ)."""
    digest = hashlib.sha256()
    root = Path(graph_api.__file__).parent
    for source in sorted(path for pattern in PICKLED for path in root.glob(pattern)):
        digest.update(source.relative_to(root).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def key_now(store: Store) -> SnapshotKey:
    """The key of a snapshot of a graph holding everything the store holds now."""
    articles, changes = store.positions()
    return SnapshotKey(store.identity(), articles, changes, store.article_at(articles), code_fingerprint())


def check(key: SnapshotKey, store: Store) -> None:
    """Raise UnusableSnapshot unless a snapshot with this key may be loaded and caught up from the store."""
    if key.format != FORMAT or key.code != code_fingerprint():
        raise UnusableSnapshot("it was made by another version of graph-api")
    if key.store_id != store.identity():
        raise UnusableSnapshot("it was made from another store")
    articles, changes = store.positions()
    if key.article_position > articles or key.change_sequence > changes or store.article_at(key.article_position) != key.last_article:
        raise UnusableSnapshot("the store is not the one it was made from any more (restored from an older copy?)")


def save(graph: KnowledgeGraph, path: Path, key: SnapshotKey) -> None:
    """Write the graph's snapshot atomically (a temporary file renamed into place)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(json.dumps(asdict(key)).encode() + b"\n")
            pickle.dump(graph, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def read_key(path: Path) -> SnapshotKey:
    """The header of a snapshot file; UnusableSnapshot when there is none or it cannot be read."""
    try:
        with path.open("rb") as snapshot:
            header = snapshot.readline(4096)
        return SnapshotKey(**json.loads(header))
    except FileNotFoundError as missing:
        raise UnusableSnapshot("there is none") from missing
    except (OSError, ValueError, TypeError) as error:
        raise UnusableSnapshot(f"its header cannot be read ({error})") from error


def load(path: Path) -> KnowledgeGraph:
    """The graph in a snapshot file (its key checked by the caller); UnusableSnapshot when it cannot be loaded."""
    gc.disable()  # millions of containers: the collector would walk them over and over while they are made
    try:
        with path.open("rb") as snapshot:
            snapshot.readline(4096)
            graph = pickle.load(snapshot)
    except Exception as error:  # a truncated or corrupt pickle raises almost anything
        raise UnusableSnapshot(f"it cannot be read ({type(error).__name__}: {error})") from error
    finally:
        gc.enable()
    if not isinstance(graph, KnowledgeGraph):
        raise UnusableSnapshot(f"it holds a {type(graph).__name__}, not a graph")
    return graph
