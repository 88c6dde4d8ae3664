"""The word tables shipped in ``nlp/data``: one reader for their tab-separated rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def table_rows(name: str, columns: int = 2, folder: Path = DATA_DIR) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped cells) of every row of ``<folder>/<name>``; ``#`` lines and blank lines are skipped.

    A row with another number of cells is an error naming the file and the line.
    """
    for number, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != columns:
            raise ValueError(f"{name}:{number}: expected {columns} tab-separated columns, found {len(cells)}")
        yield number, cells
