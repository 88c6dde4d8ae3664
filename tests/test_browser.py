"""GraphiQL driven end to end by Playwright in Debian's headless Chromium against the real server.

The page must work offline (every request goes to our own server), load the schema by introspection,
run the example query when the execute button is clicked and show its result.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the `test` extra installs it; CI must have it
    expect = sync_playwright = None

CHROMIUM = shutil.which("chromium")
CI = bool(os.environ.get("CI"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 15_000

pytestmark = pytest.mark.browser


def _graphql_post(server: str, marker: str):
    """A predicate for the page's POST to /graphql whose body contains ``marker``."""

    def matches(response) -> bool:
        request = response.request
        return request.method == "POST" and response.url == f"{server}/graphql" and marker in (request.post_data or "")

    return matches


@pytest.mark.skipif(CHROMIUM is None and not CI, reason="Debian's chromium is not installed (CI installs it)")
@pytest.mark.skipif(sync_playwright is None and not CI, reason="the playwright package is not installed: pip install -e '.[test]'")
def test_graphiql_loads_the_schema_and_runs_the_example_query(server: str, tmp_path: Path) -> None:
    assert CHROMIUM, "chromium must be installed in CI"
    assert sync_playwright is not None, "the playwright package must be installed in CI (the `test` extra)"
    requests: list[str] = []
    failed: list[str] = []
    console: list = []
    page_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.set_default_timeout(TIMEOUT_MS)
            context.on("request", lambda request: requests.append(request.url))
            context.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
            page = context.new_page()
            page.on("websocket", lambda socket: requests.append(socket.url))
            page.on("console", lambda message: console.append(message))
            page.on("pageerror", lambda error: page_errors.append(str(error)))

            # GraphiQL introspects the schema as soon as it mounts.
            with page.expect_response(_graphql_post(server, "IntrospectionQuery")) as introspection_info:
                page.goto(f"{server}/graphql")
            introspection = introspection_info.value
            assert introspection.status == 200, introspection.text()
            schema = introspection.json()
            assert not schema.get("errors"), schema["errors"]
            assert schema["data"]["__schema"]["queryType"]["name"] == "Query"

            # The documentation explorer renders that schema: its root types name `query: Query`.
            page.get_by_role("button", name="Show Documentation Explorer").click()
            root = page.locator(".graphiql-doc-explorer .graphiql-doc-explorer-root-type", has_text="query").locator("xpath=..")
            expect(root).to_have_text("query: Query")

            # Run the example query with GraphiQL's own execute button and read the result editor.
            with page.expect_response(_graphql_post(server, "stats")) as execution_info:
                page.locator("button.graphiql-execute-button").click()
            assert execution_info.value.status == 200
            result_window = page.locator(".graphiql-response .result-window")
            expect(result_window).to_contain_text('"articles": 5')
            shown = result_window.locator(".CodeMirror").evaluate("element => element.CodeMirror.getValue()")
            result = json.loads(shown)
            assert not result.get("errors"), result["errors"]
            assert result["data"]["stats"]["articles"] == 5
            assert result["data"]["people"]["edges"], "the seeded corpus names people"

            screenshot = tmp_path / "graphiql.png"
            page.screenshot(path=screenshot)
            console_errors = [f"{m.text} ({m.location['url']})" for m in console if m.type == "error"]
        finally:
            browser.close()

    png = screenshot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000, len(png)
    foreign = [url for url in requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]
    assert not foreign, f"GraphiQL must work offline; it requested {foreign}"
    assert not failed, failed
    assert not console_errors, console_errors
    assert not page_errors, page_errors
