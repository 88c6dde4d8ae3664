"""The vendored JavaScript libraries: every pinned file is in static/, its licence listed, every page's asset present."""

from __future__ import annotations

import re

from graph_api.api.graphiql import STATIC_DIR
from graph_api.api.vendor import LICENSES, PACKAGES, vendored_files


def test_every_pinned_file_is_vendored_and_licensed() -> None:
    for name in vendored_files():
        assert (STATIC_DIR / name).stat().st_size > 1000, name
    listed = (STATIC_DIR / LICENSES).read_text().splitlines()[: len(PACKAGES)]
    assert listed == [f"{p.name} {p.version} ({p.licence}) from the npm registry: {', '.join(p.files.values())}" for p in PACKAGES]


def test_the_explorer_page_loads_only_files_of_static() -> None:
    page = (STATIC_DIR / "explore.html").read_text()
    assets = re.findall(r"""(?:src|href)=["']/static/([^"']+)["']""", page)
    assert {"explore.js", "explore.css", "cytoscape.min.js", "chart.umd.min.js", "d3-geo.min.js", "topojson-client.min.js"} <= set(assets)
    assert all((STATIC_DIR / asset).is_file() for asset in assets), assets
    libraries = set(vendored_files())
    assert all(asset in libraries or asset.startswith("explore.") for asset in assets), assets
