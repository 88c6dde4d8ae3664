"""The explorer page driven end to end by Playwright in Debian's headless Chromium against the real server.

What the page shows is compared with what the public GraphQL API answers for the same entity or
article, chosen through the API (never by a seed's name). One browser for the module; every request
the page makes must go to our own server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, CI, TIMEOUT_MS

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # the `test` extra installs it; CI must have it
    Browser = Page = expect = sync_playwright = None  # type: ignore[assignment,misc]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None and not CI, reason="Debian's chromium is not installed (CI installs it)"),
    pytest.mark.skipif(sync_playwright is None and not CI, reason="the playwright package is not installed: pip install -e '.[test]'"),
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CSP_WATCH = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`));"""


def api(server: str, query: str, variables: dict | None = None) -> dict:
    answer = httpx.post(f"{server}/graphql", json={"query": query, "variables": variables or {}}, timeout=30).json()
    assert not answer.get("errors"), answer["errors"]
    return answer["data"]


def entity_path(entity_id: str) -> str:
    return "/explore/entity/" + quote(entity_id, safe=":")


class Session:
    """A browser page with everything it requested, logged and errors, checked by ``assert_clean``."""

    def __init__(self, browser: Browser, server: str, viewport: dict[str, int]) -> None:
        self.server = server
        self.requests: list[str] = []
        self.graphql_bodies: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=viewport)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.on("request", self._request)
        # Injected by the browser, not the page, so the CSP does not apply to it: it records what the CSP blocks.
        self.context.add_init_script(CSP_WATCH)
        self.page: Page = self.context.new_page()
        self.page.on("websocket", lambda socket: self.requests.append(socket.url))
        # A CSP violation is logged as a console error, so this also fails on a blocked script or style.
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(f"console: {message.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(f"page: {error}"))

    def _request(self, request) -> None:
        self.requests.append(request.url)
        if request.method == "POST" and request.url == f"{self.server}/graphql":
            self.graphql_bodies.append(request.post_data or "")

    def open(self, path: str) -> None:
        self.page.goto(self.server + path)
        self.ready()

    def ready(self) -> None:
        expect(self.page.locator("#view")).to_have_attribute("data-state", "ready")

    def heading(self) -> str:
        return self.page.locator("#view h1").inner_text()

    def assert_clean(self) -> None:
        violations = self.page.evaluate("() => window.cspViolations")
        assert violations == [], violations
        foreign = [url for url in self.requests if not url.startswith(self.server + "/")]
        assert not foreign, f"the explorer must work offline; it requested {foreign}"
        assert not self.errors, self.errors

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    assert CHROMIUM, "chromium must be installed in CI"
    assert sync_playwright is not None, "the playwright package must be installed in CI (the `test` extra)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def session(chromium_browser: Browser, server: str) -> Iterator[Session]:
    opened = Session(chromium_browser, server, LAPTOP)
    yield opened
    opened.close()


NEIGHBOURHOOD = """query($id: ID!, $depth: Int!) {
  neighbourhood(id: $id, depth: $depth, first: 25) { nodes { id ... on Entity { name } } }
  timeline(id: $id, interval: MONTH) { start }
}"""


def hub(server: str) -> dict:
    """The best-known person with at least three neighbours, with its neighbourhood and timeline as the API gives them."""
    people = api(server, "{ people(first: 10) { edges { node { id name } } } }")["people"]["edges"]
    for person in (edge["node"] for edge in people):
        answer = api(server, NEIGHBOURHOOD, {"id": person["id"], "depth": 1})
        neighbours = [node for node in answer["neighbourhood"]["nodes"] if node["id"] != person["id"]]
        if len(neighbours) >= 3 and answer["timeline"]:
            return {**person, "neighbours": neighbours, "months": len(answer["timeline"])}
    raise AssertionError("the seeded corpus must have a person with neighbours")


def network_nodes(page: Page) -> list[dict]:
    return page.locator("#network").evaluate("element => element.cy.nodes().map(node => ({id: node.id(), name: node.data('name')}))")


def test_search_entity_network_timeline_and_navigation(session: Session, server: str, tmp_path: Path) -> None:
    person = hub(server)
    page = session.page
    session.open("/explore")
    assert session.heading() == "Explore the news graph"

    # Type the name, move to its suggestion with the arrow keys and pick it with Enter.
    page.locator("#search").press_sequentially(person["name"], delay=20)
    expect(page.locator("#search-suggestions")).to_have_attribute("data-for", person["name"])  # the answer to the whole name
    options = page.locator("#search-suggestions [role=option]")
    expect(options.first).to_be_visible()
    names = options.locator("span:first-child").all_inner_texts()
    assert person["name"] in names, names
    for _ in range(names.index(person["name"]) + 1):
        page.keyboard.press("ArrowDown")
    bodies_before = len(session.graphql_bodies)
    page.keyboard.press("Enter")
    expect(page).to_have_url(server + entity_path(person["id"]))
    session.ready()
    assert session.heading() == person["name"]
    view_requests = [body for body in session.graphql_bodies[bodies_before:] if "EntityView" in body]
    assert len(view_requests) == len(session.graphql_bodies[bodies_before:]) == 1, session.graphql_bodies[bodies_before:]

    # The network draws exactly the API's neighbourhood; the list beside it names the same entities.
    drawn = [node for node in network_nodes(page) if node["id"] != person["id"]]
    assert sorted(node["name"] for node in drawn) == sorted(node["name"] for node in person["neighbours"])
    assert {node["id"] for node in drawn} == {node["id"] for node in person["neighbours"]}
    listed = page.locator("#neighbours tbody tr td:first-child a").all_inner_texts()
    assert sorted(listed) == sorted(node["name"] for node in person["neighbours"])

    # One bar per month of the API's timeline, and the same months in the table.
    bars = page.evaluate("() => Chart.getChart('timeline-chart').getDatasetMeta(0).data.length")
    assert bars == person["months"]
    expect(page.locator("#timeline tbody tr")).to_have_count(person["months"])
    draw_ms = float(page.locator("#view").get_attribute("data-draw-ms") or "nan")
    assert 0 < draw_ms < 60_000, draw_ms
    page.screenshot(path=tmp_path / "explorer-entity.png", full_page=True, clip={"x": 0, "y": 0, **LAPTOP, "height": 1500})

    # Clicking a neighbour's node in the network moves there; back returns.
    neighbour = drawn[0]
    box = page.locator("#network").bounding_box()
    assert box is not None
    x, y = page.locator("#network").evaluate(
        "(element, id) => { const p = element.cy.getElementById(id).renderedPosition(); return [p.x, p.y]; }", neighbour["id"]
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(server + entity_path(neighbour["id"]))
    session.ready()
    assert session.heading() == neighbour["name"]
    page.go_back()
    expect(page).to_have_url(server + entity_path(person["id"]))
    session.ready()
    assert session.heading() == person["name"]

    # Depth 2: the radio button moves to the view's own URL with the API's two-hop neighbourhood.
    page.get_by_label("two hops").check()
    expect(page).to_have_url(server + entity_path(person["id"]) + "?depth=2")
    session.ready()
    two_hops = api(server, NEIGHBOURHOOD, {"id": person["id"], "depth": 2})["neighbourhood"]["nodes"]
    assert sorted(node["id"] for node in network_nodes(page)) == sorted(node["id"] for node in two_hops)
    page.reload()
    session.ready()
    assert sorted(node["id"] for node in network_nodes(page)) == sorted(node["id"] for node in two_hops)
    session.assert_clean()


ARTICLES = """{ articles(first: 20) { edges { node { id title removedLines { text }
  mentions(first: 100) { totalCount pageInfo { hasNextPage } edges { node { entity { __typename } } } } } } } }"""


def test_article_view_highlights_every_mention(session: Session, server: str, tmp_path: Path) -> None:
    articles = [edge["node"] for edge in api(server, ARTICLES)["articles"]["edges"]]
    whole = [article for article in articles if not article["mentions"]["pageInfo"]["hasNextPage"]]
    article = max(whole, key=lambda a: (len(a["removedLines"]), a["mentions"]["totalCount"]))
    assert article["mentions"]["totalCount"] > 0 and article["removedLines"], "the seeds have articles with mentions and boilerplate"
    session.open("/explore/article/" + quote(article["id"], safe=":"))
    assert session.heading() == article["title"]
    page = session.page
    marks = page.locator("#article-text .mention")
    expect(marks).to_have_count(article["mentions"]["totalCount"])
    for typename, css in (("Person", "person"), ("Place", "place"), ("Organization", "organization")):
        expected = sum(edge["node"]["entity"]["__typename"] == typename for edge in article["mentions"]["edges"])
        expect(page.locator(f"#article-text .mention.{css}")).to_have_count(expected)
    expect(page.locator(".removed")).to_have_count(len(article["removedLines"]))
    page.screenshot(path=tmp_path / "explorer-article.png", full_page=True, clip={"x": 0, "y": 0, **LAPTOP, "height": 1100})

    # A highlighted mention links to its entity's view.
    first = page.locator("#article-text a.mention").first
    href = first.get_attribute("href") or ""
    first.click()
    expect(page).to_have_url(server + href)
    session.ready()
    assert re.fullmatch(r"/explore/entity/(person|place|organization):.+", href), href
    session.assert_clean()


PATH = "query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxLength: 4) { from { name } to { name } articles(first: 3) { edges { node { id } } } } }"
ENTITIES = "{ %s(first: 20) { edges { node { id name } } } }"


def test_path_view_from_the_form(session: Session, server: str, tmp_path: Path) -> None:
    # The two people or organisations the API puts furthest apart (within the path's four hops).
    entities = [edge["node"] for kind in ("people", "organizations") for edge in api(server, ENTITIES % kind)[kind]["edges"]]
    pairs = [(a, b) for i, a in enumerate(entities) for b in entities[i + 1 :]]
    paths = {(a["id"], b["id"]): api(server, PATH, {"a": a["id"], "b": b["id"]})["path"] for a, b in pairs}
    person, target = max((pair for pair in pairs if paths[pair[0]["id"], pair[1]["id"]]), key=lambda pair: len(paths[pair[0]["id"], pair[1]["id"]]))
    steps = paths[person["id"], target["id"]]

    page = session.page
    session.open("/explore/path")
    for field, entity in (("#path-from", person), ("#path-to", target)):
        page.locator(field).press_sequentially(entity["name"], delay=20)
        expect(page.locator(f"{field}-suggestions")).to_have_attribute("data-for", entity["name"])
        option = page.locator(f"{field}-suggestions [role=option]", has_text=entity["name"]).first
        option.click()
    page.get_by_role("button", name="Find the connection").click()
    expect(page).to_have_url(f"{server}/explore/path/{quote(person['id'], safe=':')}/{quote(target['id'], safe=':')}")
    session.ready()
    hops = page.locator("#path > li")
    expect(hops).to_have_count(len(steps))
    for index, step in enumerate(steps):
        hop = hops.nth(index)
        expect(hop.locator("> div a")).to_have_text([step["from"]["name"], step["to"]["name"]])
        expect(hop.locator("ul.items a[href^='/explore/article/']")).to_have_count(len(step["articles"]["edges"]))
    page.screenshot(path=tmp_path / "explorer-path.png")
    session.assert_clean()


def test_phone_width_has_no_horizontal_scroll(chromium_browser: Browser, server: str, tmp_path: Path) -> None:
    person = hub(server)
    article = api(server, "{ articles(first: 1) { edges { node { id } } } }")["articles"]["edges"][0]["node"]
    phone = Session(chromium_browser, server, PHONE)
    try:
        for name, path in (
            ("entity", entity_path(person["id"])),
            ("article", "/explore/article/" + quote(article["id"], safe=":")),
            ("start", "/explore"),
        ):
            phone.open(path)
            widths = phone.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{name}: the page is {widths[0]} px wide on a {widths[1]} px screen"
            phone.page.screenshot(path=tmp_path / f"explorer-phone-{name}.png")
        phone.assert_clean()
    finally:
        phone.close()


def test_search_view_lists_the_entity_and_says_so_when_nothing_matches(session: Session, server: str) -> None:
    person = hub(server)
    session.open("/explore")
    session.page.locator("#search").fill(person["name"])
    session.page.locator("#search").press("Enter")  # no suggestion chosen: the search view
    expect(session.page).to_have_url(f"{server}/explore/search?q={quote(person['name'])}")
    session.ready()
    expect(session.page.locator(f"#results a[href='{entity_path(person['id'])}']")).to_have_text(person["name"])
    session.assert_clean()


def test_unknown_entity_and_empty_search_say_so_in_words(session: Session) -> None:
    session.page.goto(session.server + entity_path("person:no-such-person-anywhere"))
    expect(session.page.locator("#view")).to_have_attribute("data-state", "error")
    expect(session.page.locator("#view [role=alert]")).to_contain_text("person:no-such-person-anywhere")
    session.open("/explore/search?q=" + quote("zzqxjw"))
    expect(session.page.locator("#view .empty")).to_contain_text("Nothing matches")
    session.assert_clean()
