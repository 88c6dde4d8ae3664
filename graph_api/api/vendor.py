"""The JavaScript libraries the pages use, pinned in one place and refreshed from the npm registry.

``python -m graph_api.api.vendor`` fetches each package with the machine's ``npm pack``, copies the
files the pages load into ``static/`` and rewrites ``static/LICENSES.txt``; the server then needs no
CDN and no network.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graph_api.api.graphiql import STATIC_DIR

LICENSES = "LICENSES.txt"


@dataclass(frozen=True)
class Package:
    """An npm package at a pinned version, and the files of it the pages load (path in the package → name in static/)."""

    name: str
    version: str
    licence: str
    files: dict[str, str]
    licence_file: str = "LICENSE"

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


PACKAGES = (
    Package("graphiql", "3.9.0", "MIT", {"graphiql.min.js": "graphiql.min.js", "dist/style.css": "graphiql.min.css"}),
    Package("react", "18.3.1", "MIT", {"umd/react.production.min.js": "react.production.min.js"}),
    Package("react-dom", "18.3.1", "MIT", {"umd/react-dom.production.min.js": "react-dom.production.min.js"}),
    # The explorer: the network, the timeline chart, the map (d3-geo needs d3-array) and its outlines.
    Package("cytoscape", "3.34.4", "MIT", {"dist/cytoscape.min.js": "cytoscape.min.js"}),
    Package("chart.js", "4.5.1", "MIT", {"dist/chart.umd.min.js": "chart.umd.min.js"}, "LICENSE.md"),
    Package("d3-array", "3.2.4", "ISC", {"dist/d3-array.min.js": "d3-array.min.js"}),
    Package("d3-geo", "3.1.1", "ISC", {"dist/d3-geo.min.js": "d3-geo.min.js"}),
    Package("topojson-client", "3.1.0", "ISC", {"dist/topojson-client.min.js": "topojson-client.min.js"}),
    Package("world-atlas", "2.0.2", "ISC", {"countries-110m.json": "countries-110m.json"}),
)


def vendored_files() -> list[str]:
    """The names in static/ that come from npm packages."""
    return [name for package in PACKAGES for name in package.files.values()]


def fetch(package: Package, workdir: Path) -> Path:
    """The package's tarball, downloaded by ``npm pack`` into ``workdir``."""
    try:
        done = subprocess.run(
            ["npm", "pack", package.spec, "--silent", "--pack-destination", str(workdir)], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise SystemExit("npm is not installed: the libraries are refreshed from the npm registry with `npm pack`") from None
    if done.returncode != 0:
        raise SystemExit(f"npm pack {package.spec} failed: {done.stderr.strip()}")
    return workdir / done.stdout.strip().splitlines()[-1]


def unpack(package: Package, tarball: Path, static: Path) -> str:
    """Copy the package's files into ``static`` and return its licence text."""
    with tarfile.open(tarball) as archive:

        def read(path: str) -> bytes:
            member = archive.extractfile(f"package/{path}")
            if member is None:
                raise SystemExit(f"{package.spec} has no file {path!r}")
            return member.read()

        for source, target in package.files.items():
            (static / target).write_bytes(read(source))
        return read(package.licence_file).decode().strip()


def licences_text(licences: dict[str, str]) -> str:
    """LICENSES.txt: one line per package, then each distinct licence text once."""
    lines = [f"{p.name} {p.version} ({p.licence}) from the npm registry: {', '.join(p.files.values())}" for p in PACKAGES]
    texts = list(dict.fromkeys(licences[p.spec] for p in PACKAGES))
    header = "\n".join([*lines, "Refresh with: python -m graph_api.api.vendor (needs npm); the versions are pinned in graph_api/api/vendor.py."])
    return "\n\n".join([header, *texts]) + "\n"


def refresh(static: Path = STATIC_DIR) -> None:
    """Fetch every pinned package and write its files and the licences into ``static``."""
    licences: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as workdir:
        for package in PACKAGES:
            print(f"{package.spec} …", file=sys.stderr)
            licences[package.spec] = unpack(package, fetch(package, Path(workdir)), static)
    (static / LICENSES).write_text(licences_text(licences))


if __name__ == "__main__":
    refresh()
