"""Readers turn paths into raw inputs: a folder of articles, one .txt file, or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from graph_api.ingest.article import RawInput
from graph_api.ingest.errors import RejectedInput

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSONL_FIELDS = ("text", "title", "published", "source", "url")


def read_paths(paths: list[Path], max_bytes: int) -> Iterator[RawInput | RejectedInput]:
    """Every article in the given paths, in order; unreadable inputs come out as rejections."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
            if not files:
                yield RejectedInput(str(path), "folder holds no .txt or .jsonl files")
            for file in files:
                yield from read_file(file, max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes)
        else:
            yield RejectedInput(str(path), "no such file or folder")


def read_file(path: Path, max_bytes: int) -> Iterator[RawInput | RejectedInput]:
    """A .jsonl file yields one input per line; any other file is one article."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_bytes)
    else:
        yield read_text_file(path, max_bytes)


def read_text_file(path: Path, max_bytes: int) -> RawInput | RejectedInput:
    """One article; reads at most one byte past the limit so huge files cost nothing."""
    try:
        with path.open("rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as error:
        return RejectedInput(str(path), f"cannot be read: {error.strerror}")
    return RawInput(origin=str(path), source=path.name, content=content)


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RawInput | RejectedInput]:
    """One input per non-blank line: an object with ``text`` and optional metadata."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield RejectedInput(str(path), f"cannot be read: {error.strerror}")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield parse_jsonl_line(f"{path}:{number}", path.name, line, max_bytes)


def parse_jsonl_line(origin: str, file_name: str, line: bytes, max_bytes: int) -> RawInput | RejectedInput:
    """Validate one JSON Lines record; the text is checked later like any other input."""
    # Leave room for the JSON quoting around a text that is itself at the limit.
    if len(line) > 2 * max_bytes + 4096:
        return RejectedInput(origin, f"line is {len(line):,} bytes, over the {max_bytes:,}-byte article limit")
    try:
        record = json.loads(line)
    except UnicodeDecodeError as error:
        return RejectedInput(origin, f"not valid UTF-8 (byte {error.start})")
    except json.JSONDecodeError as error:
        return RejectedInput(origin, f"invalid JSON: {error.msg} at column {error.colno}")
    if not isinstance(record, dict):
        return RejectedInput(origin, f"expected a JSON object, got {type(record).__name__}")
    if "text" not in record:
        return RejectedInput(origin, "missing required field 'text'")
    for name in JSONL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return RejectedInput(origin, f"field {name!r} must be a string, got {type(value).__name__}")
    source = record.get("source") or record.get("url") or file_name
    return RawInput(
        origin=origin,
        source=source,
        content=record["text"],
        title=record.get("title") or None,
        published=record.get("published") or None,
        url=record.get("url") or None,
    )
