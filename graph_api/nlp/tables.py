"""The word tables shipped in ``nlp/data``: one reader for their tab-separated rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def table_rows(name: str, columns: int = 2, folder: Path = DATA_DIR, optional: int = 0) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped cells) of every row of ``<folder>/<name>``; ``#`` lines and blank lines are skipped.

    A row may leave out its last ``optional`` cells (they come back empty); a row with another number
    of cells is an error naming the file and the line.
    """
    for number, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not columns <= len(cells) <= columns + optional:
            expected = f"{columns} to {columns + optional}" if optional else str(columns)
            raise ValueError(f"{name}:{number}: expected {expected} tab-separated columns, found {len(cells)}")
        yield number, cells + [""] * (columns + optional - len(cells))
