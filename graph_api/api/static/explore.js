// The explorer: a frontend of the public GraphQL API at /graphql. One GraphQL request per view
// (one query with fragments), plus the search suggestions while typing. Every view has its own URL:
//   /explore                      start: the best-known entities and the connection form
//   /explore/entity/<id>?depth=2  an entity: figures, network, timeline, map, quotes, events
//   /explore/path/<from>/<to>     the shortest connection between two entities, with evidence
//   /explore/article/<id>         an article with its mentions highlighted
//   /explore/search?q=<words>     entities and articles matching words

const ENDPOINT = "/graphql";
const ROOT = "/explore";
const SUGGEST_DELAY_MS = 180;
const TYPES = { Person: "person", Place: "place", Organization: "organization", Article: "article" };
const TYPE_NAMES = { Person: "person", Place: "place", Organization: "organisation", Article: "article" };
const COLOURS = { Person: "#2b6cb0", Place: "#2f855a", Organization: "#c05621" };

// ---- GraphQL ---------------------------------------------------------------------------------

class QueryError extends Error {}

async function graphql(query, variables, signal) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new QueryError(`The server could not be reached (${error.message}).`);
  }
  let answer;
  try {
    answer = await response.json();
  } catch {
    throw new QueryError(`The server answered HTTP ${response.status} without a GraphQL result.`);
  }
  if (answer.errors && answer.errors.length) {
    throw new QueryError(answer.errors.map((error) => error.message).join("; "));
  }
  return answer.data;
}

// ---- DOM helpers -----------------------------------------------------------------------------

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function svg(tag, attributes = {}) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

const number = (value) => Number(value).toLocaleString("en");
const articles = (count) => `${number(count)} ${count === 1 ? "article" : "articles"}`;
const encodeId = (id) => encodeURIComponent(id).replace(/%3A/gi, ":");
const entityUrl = (id, depth) => `${ROOT}/entity/${encodeId(id)}${depth === 2 ? "?depth=2" : ""}`;
const articleUrl = (id) => `${ROOT}/article/${encodeId(id)}`;
const pathUrl = (from, to) => `${ROOT}/path/${[from, to].filter(Boolean).map(encodeId).join("/")}`;

function link(href, ...children) {
  return h("a", { href }, ...children);
}

function typeBadge(typename) {
  return h("span", { class: `type ${TYPES[typename] || ""}` }, TYPE_NAMES[typename] || typename);
}

function entityLink(entity) {
  return link(entityUrl(entity.id), entity.name);
}

function articleLink(article) {
  return h("span", {}, link(articleUrl(article.id), article.title || "(untitled)"), article.published ? h("span", { class: "meta" }, ` · ${article.published}`) : null);
}

function empty(text) {
  return h("p", { class: "empty" }, text);
}

function section(title, ...children) {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}

// ---- navigation ------------------------------------------------------------------------------

const view = document.getElementById("view");
let current = null; // the AbortController of the view being loaded

function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

document.addEventListener("click", (event) => {
  const anchor = event.target.closest("a[href]");
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !(url.pathname === ROOT || url.pathname.startsWith(`${ROOT}/`))) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", () => render());

function route() {
  const parts = location.pathname.slice(ROOT.length).split("/").filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(location.search);
  const [kind, ...rest] = parts;
  if (!kind) return { name: "home" };
  if (kind === "entity" && rest.length === 1) return { name: "entity", id: rest[0], depth: query.get("depth") === "2" ? 2 : 1 };
  if (kind === "path" && rest.length <= 2) return { name: "path", from: rest[0] || null, to: rest[1] || null };
  if (kind === "article" && rest.length === 1) return { name: "article", id: rest[0] };
  if (kind === "search") return { name: "search", q: (query.get("q") || "").trim() };
  return { name: "unknown" };
}

const VIEWS = { home: homeView, entity: entityView, path: pathView, article: articleView, search: searchView, unknown: unknownView };

async function render() {
  if (current) current.abort();
  const controller = (current = new AbortController());
  const where = route();
  view.dataset.view = where.name;
  view.dataset.state = "loading";
  delete view.dataset.drawMs;
  view.replaceChildren(h("p", { class: "status", role: "status" }, "Loading…"));
  try {
    await VIEWS[where.name](where, controller.signal);
    if (controller.signal.aborted) return;
    view.dataset.state = "ready";
  } catch (error) {
    if (error.name === "AbortError" || controller.signal.aborted) return;
    document.title = "Error · graph-api explorer";
    view.replaceChildren(h("h1", {}, "Something went wrong"), h("p", { class: "error", role: "alert" }, error instanceof QueryError ? error.message : `The page failed: ${error.message}`));
    view.dataset.state = "error";
    if (!(error instanceof QueryError)) console.error(error);
  }
}

function show(title, ...children) {
  document.title = `${title} · graph-api explorer`;
  view.replaceChildren();
  append(view, children);
  view.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

// ---- suggestions -----------------------------------------------------------------------------

const SUGGEST = `query Suggest($q: String!) {
  search(query: $q, first: 8) { snippet node { __typename id ...Named } }
}
fragment Named on Node {
  ... on Entity { name articleCount }
  ... on Article { title published }
}`;

// A combobox: suggestions for what is typed (debounced), arrow keys to move, Enter to pick, Escape to close.
function suggest(input, list, { entitiesOnly = false, onPick }) {
  let timer = null;
  let controller = null;
  let items = [];
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const pick = (index) => {
    const item = items[index];
    close();
    if (item) onPick(item);
  };
  const fill = (hits, text) => {
    list.dataset.for = text; // what the suggestions shown answer
    items = hits.filter((hit) => !entitiesOnly || hit.node.__typename !== "Article").map((hit) => hit.node);
    list.replaceChildren(
      ...items.map((node, index) =>
        h(
          "li",
          { id: `${list.id}-${index}`, role: "option", "aria-selected": "false", onmousedown: (event) => event.preventDefault(), onclick: () => pick(index) },
          h("span", {}, node.name || node.title),
          h("span", { class: "kind" }, node.__typename === "Article" ? `article${node.published ? ` · ${node.published}` : ""}` : `${TYPE_NAMES[node.__typename]} · ${articles(node.articleCount)}`),
        ),
      ),
    );
    if (!items.length) list.replaceChildren(h("li", { class: "empty", role: "option", "aria-disabled": "true" }, "No name or article matches"));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(-1);
  };
  const ask = async (text) => {
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      fill((await graphql(SUGGEST, { q: text }, controller.signal)).search, text);
    } catch (error) {
      if (error.name === "AbortError") return;
      items = [];
      list.replaceChildren(h("li", { class: "error", role: "option", "aria-disabled": "true" }, error.message));
      list.hidden = false;
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) return close();
    timer = setTimeout(() => ask(text), SUGGEST_DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && items.length > 0;
    if (event.key === "ArrowDown" && open) highlight((active + 1) % items.length);
    else if (event.key === "ArrowUp" && open) highlight((active - 1 + items.length) % items.length);
    else if (event.key === "Enter" && open && active >= 0) pick(active);
    else if (event.key === "Escape") close();
    else return;
    event.preventDefault();
  });
  input.addEventListener("blur", close);
}

function nodeUrl(node) {
  return node.__typename === "Article" ? articleUrl(node.id) : entityUrl(node.id);
}

const searchForm = document.getElementById("search-form");
const searchInput = document.getElementById("search");
suggest(searchInput, document.getElementById("search-suggestions"), {
  onPick: (node) => {
    searchInput.value = "";
    navigate(nodeUrl(node));
  },
});
searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = searchInput.value.trim();
  if (q) navigate(`${ROOT}/search?q=${encodeURIComponent(q)}`);
});

// ---- start -----------------------------------------------------------------------------------

const HOME = `query Home {
  stats { articles people places organizations events quotes }
  people(first: 8) { edges { node { ...Top } } }
  places(first: 8) { edges { node { ...Top } } }
  organizations(first: 8) { edges { node { ...Top } } }
}
fragment Top on Entity { __typename id name articleCount }`;

async function homeView(_, signal) {
  const data = await graphql(HOME, {}, signal);
  const s = data.stats;
  const top = (title, connection) =>
    section(title, connection.edges.length ? h("ul", { class: "items" }, connection.edges.map(({ node }) => h("li", {}, entityLink(node), h("span", { class: "meta" }, ` · ${articles(node.articleCount)}`)))) : empty("None yet."));
  show(
    "Explorer",
    h("h1", {}, "Explore the news graph"),
    h("p", {}, `Search a name or words above. The graph holds ${number(s.articles)} articles naming ${number(s.people)} people, ${number(s.places)} places and ${number(s.organizations)} organisations, with ${number(s.events)} events and ${number(s.quotes)} quotes.`),
    s.articles === 0 ? empty("No articles have been ingested yet: run `graph-api ingest` and come back.") : null,
    h("div", { class: "grid" }, h("div", {}, top("Most written-about people", data.people), top("Organisations", data.organizations)), h("div", {}, top("Places", data.places))),
    section("How are two entities connected?", pathForm(null, null)),
  );
}

// ---- entity ----------------------------------------------------------------------------------

const ENTITY = `query EntityView($id: ID!, $depth: Int!) {
  entity: node(id: $id) { __typename id ...Facts }
  neighbourhood(id: $id, depth: $depth, first: 25) {
    nodes { __typename id ...Neighbour }
    edges { source target weight kind }
  }
  timeline(id: $id, interval: MONTH) {
    start end mentionCount articleCount
    events(first: 3) { totalCount edges { node { id label } } }
  }
  events(filter: { participantId: $id }, orderBy: DATE, first: 20) { totalCount edges { node { ...EventItem } } }
}
fragment Neighbour on Entity { name articleCount ... on Place { latitude longitude } }
fragment Facts on Entity {
  name mentionCount articleCount
  aliasCounts { name count }
  ... on Person {
    roles { title country { id name } organization { id name } }
    quotes(first: 10) { totalCount edges { node { id text article { id title published } } } }
  }
  ... on Place {
    kind countryCode latitude longitude
    placeEvents: events(first: 20) { totalCount edges { node { ...EventItem } } }
  }
}
fragment EventItem on Event {
  id type label date
  place { id name }
  articles(first: 1) { edges { node { id title published } } }
}`;

async function entityView({ id, depth }, signal) {
  const data = await graphql(ENTITY, { id, depth }, signal);
  const entity = data.entity;
  if (!entity) throw new QueryError(`No person, place or organisation has the id “${id}”.`);
  const started = performance.now();
  const neighbours = neighbourRows(entity.id, data.neighbourhood);
  const figures = keyFigures(entity, neighbours, data);
  const network = h("div", { class: "network", id: "network", role: "img", "aria-label": `Network of ${entity.name} and ${neighbours.length} linked entities; the list below gives them with their weights` });
  const chart = h("canvas", { id: "timeline-chart", role: "img", "aria-label": `Mentions of ${entity.name} per month; the table below gives the figures` });
  const located = locatedPlaces(entity, data.neighbourhood.nodes);
  const mapBox = h("div", { class: "map", id: "map" });

  show(
    entity.name,
    h("p", { class: "meta" }, typeBadge(entity.__typename), entity.kind ? ` ${entity.kind.toLowerCase()}` : "", entity.countryCode ? ` · ${entity.countryCode}` : ""),
    h("h1", {}, entity.name),
    h("ul", { class: "figures", "aria-label": "Key figures" }, figures.map(([label, value]) => h("li", {}, h("strong", {}, value), " ", label))),
    aliasesBlock(entity),
    rolesBlock(entity),
    h("p", {}, link(pathUrl(entity.id), `How is ${entity.name} connected to someone else? Find the connection`)),
    h(
      "div",
      { class: "grid" },
      h(
        "div",
        { class: "panel" },
        h("h2", {}, "Network"),
        depthSwitch(entity.id, depth),
        h("div", { class: "legend", "aria-hidden": "true" }, h("span", { class: "person" }, "person"), h("span", { class: "place" }, "place"), h("span", { class: "organization" }, "organisation")),
        network,
      ),
      h("div", { class: "panel" }, h("h2", { id: "neighbours-title" }, `Linked entities (${neighbours.length})`), neighboursList(neighbours)),
    ),
    h("div", { class: "grid" }, h("div", { class: "panel" }, h("h2", {}, "Mentions per month"), data.timeline.length ? h("div", { class: "chart" }, chart) : empty("No dated article names it.")), h("div", { class: "panel" }, h("h2", {}, "Timeline figures"), timelineTable(data.timeline))),
    located.length ? h("div", { class: "grid" }, h("div", { class: "panel" }, h("h2", {}, entity.__typename === "Place" ? "On the map" : "Places around it"), mapBox), h("div", { class: "panel" }, h("h2", {}, "Places shown"), placesList(located))) : null,
    h("div", { class: "grid" }, quotesBlock(entity), eventsBlock(entity, data)),
  );

  drawNetwork(network, entity, data.neighbourhood, depth);
  if (data.timeline.length) drawTimeline(chart, data.timeline);
  const drawn = located.length ? drawMap(mapBox, located, signal) : Promise.resolve();
  await nextFrame();
  view.dataset.drawMs = (performance.now() - started).toFixed(1);
  await drawn;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function keyFigures(entity, neighbours, data) {
  const active = data.timeline.filter((bucket) => bucket.mentionCount > 0);
  const figures = [
    ["mentions", number(entity.mentionCount)],
    ["articles", number(entity.articleCount)],
    ["linked entities shown", number(neighbours.length)],
    ["events", number(Math.max(data.events.totalCount, entity.placeEvents ? entity.placeEvents.totalCount : 0))],
  ];
  if (entity.quotes) figures.push(["quotes", number(entity.quotes.totalCount)]);
  if (active.length) figures.push(["first and last month named", `${active[0].start.slice(0, 7)} – ${active[active.length - 1].start.slice(0, 7)}`]);
  return figures;
}

function aliasesBlock(entity) {
  if (!entity.aliasCounts.length) return null;
  return h("div", {}, h("h2", {}, "Written as"), h("ul", { class: "chips" }, entity.aliasCounts.map((alias) => h("li", {}, `${alias.name} `, h("span", { class: "meta" }, `×${number(alias.count)}`)))));
}

function rolesBlock(entity) {
  if (!entity.roles) return null;
  const counts = new Map();
  for (const role of entity.roles) {
    const of = [role.country && role.country.name, role.organization && role.organization.name].filter(Boolean).join(", ");
    const label = of ? `${role.title} (${of})` : role.title;
    counts.set(label, (counts.get(label) || 0) + 1);
  }
  const roles = [...counts].sort((a, b) => b[1] - a[1]);
  return h("div", {}, h("h2", {}, "Roles"), roles.length ? h("ul", { class: "chips" }, roles.map(([label, count]) => h("li", {}, `${label} `, h("span", { class: "meta" }, `×${count}`)))) : empty("No article gives this person a role."));
}

function depthSwitch(id, depth) {
  const option = (value, label) =>
    h("label", {}, h("input", { type: "radio", name: "depth", value, checked: depth === value, onchange: () => navigate(entityUrl(id, value)) }), ` ${label}`);
  return h("fieldset", { class: "depth" }, h("legend", {}, "Depth"), option(1, "direct links"), option(2, "two hops"));
}

// The non-centre nodes with the weight of their link to the centre, or, two hops away, of the strongest link.
function neighbourRows(centre, subgraph) {
  const byId = new Map(subgraph.nodes.map((node) => [node.id, node]));
  const direct = new Map();
  const strongest = new Map();
  for (const edge of subgraph.edges) {
    if (edge.source === centre) direct.set(edge.target, edge);
    else if (edge.target === centre) direct.set(edge.source, edge);
    else
      for (const [end, other] of [[edge.source, edge.target], [edge.target, edge.source]]) {
        if (!strongest.has(end) || strongest.get(end).weight < edge.weight) strongest.set(end, { weight: edge.weight, via: other });
      }
  }
  return subgraph.nodes
    .filter((node) => node.id !== centre)
    .map((node) => {
      const edge = direct.get(node.id);
      if (edge) return { node, weight: edge.weight, via: null };
      const far = strongest.get(node.id) || { weight: 0, via: null };
      return { node, weight: far.weight, via: byId.get(far.via) || null };
    })
    .sort((a, b) => (a.via ? 1 : 0) - (b.via ? 1 : 0) || b.weight - a.weight || a.node.name.localeCompare(b.node.name));
}

function neighboursList(rows) {
  if (!rows.length) return empty("No other entity is named in the same articles.");
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { id: "neighbours" },
      h("caption", { class: "visually-hidden" }, "Linked entities with the weight of their link (shared articles plus shared events)"),
      h("thead", {}, h("tr", {}, h("th", {}, "Entity"), h("th", {}, "Type"), h("th", { class: "num" }, "Weight"), h("th", {}, "Reached"))),
      h(
        "tbody",
        {},
        rows.map(({ node, weight, via }) =>
          h("tr", { dataset: { id: node.id } }, h("td", {}, entityLink(node)), h("td", {}, TYPE_NAMES[node.__typename]), h("td", { class: "num" }, number(weight)), h("td", {}, via ? h("span", {}, "via ", entityLink(via)) : "directly")),
        ),
      ),
    ),
  );
}

function drawNetwork(container, entity, subgraph, depth) {
  const largest = Math.max(1, ...subgraph.nodes.map((node) => node.articleCount));
  const heaviest = Math.max(1, ...subgraph.edges.map((edge) => edge.weight));
  const elements = [
    ...subgraph.nodes.map((node) => ({
      data: { id: node.id, name: node.name, type: node.__typename, size: 16 + 34 * Math.sqrt(node.articleCount / largest), centre: node.id === entity.id ? 1 : 0 },
    })),
    ...subgraph.edges.map((edge, index) => ({ data: { id: `e${index}`, source: edge.source, target: edge.target, weight: edge.weight, width: 1 + 7 * (edge.weight / heaviest) } })),
  ];
  const cy = cytoscape({
    container,
    elements,
    boxSelectionEnabled: false,
    style: [
      {
        selector: "node",
        style: {
          "background-color": (node) => COLOURS[node.data("type")] || "#718096",
          width: "data(size)",
          height: "data(size)",
          label: "data(name)",
          "font-size": 11,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-outline-color": "#fff",
          "text-outline-width": 2,
          color: "#1a202c",
        },
      },
      { selector: "node[centre = 1]", style: { "border-width": 4, "border-color": "#1a202c", "font-weight": "bold", "font-size": 13 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#a0aec0", opacity: 0.7, "curve-style": "haystack" } },
      { selector: "node:active, node:selected", style: { "overlay-opacity": 0.15 } },
    ],
    layout:
      depth === 1
        ? { name: "concentric", concentric: (node) => (node.data("centre") ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 18, animate: false }
        : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, numIter: 600 },
  });
  cy.on("tap", "node", (event) => {
    const id = event.target.id();
    if (id !== entity.id) navigate(entityUrl(id));
  });
  cy.on("mouseover", "node", () => (container.style.cursor = "pointer"));
  cy.on("mouseout", "node", () => (container.style.cursor = ""));
  container.cy = cy; // for tests and the console: the drawn network
}

function timelineTable(buckets) {
  if (!buckets.length) return empty("No dated article names it.");
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { id: "timeline" },
      h("caption", { class: "visually-hidden" }, "Mentions, articles and events per month"),
      h("thead", {}, h("tr", {}, h("th", {}, "Month"), h("th", { class: "num" }, "Mentions"), h("th", { class: "num" }, "Articles"), h("th", {}, "Events"))),
      h(
        "tbody",
        {},
        buckets.map((bucket) =>
          h(
            "tr",
            {},
            h("td", { class: "month" }, bucket.start.slice(0, 7)),
            h("td", { class: "num" }, number(bucket.mentionCount)),
            h("td", { class: "num" }, number(bucket.articleCount)),
            h("td", {}, bucket.events.edges.map(({ node }, i) => [i ? "; " : "", node.label]), bucket.events.totalCount > bucket.events.edges.length ? ` and ${bucket.events.totalCount - bucket.events.edges.length} more` : ""),
          ),
        ),
      ),
    ),
  );
}

function drawTimeline(canvas, buckets) {
  const labels = buckets.map((bucket) => bucket.start.slice(0, 7));
  const events = buckets.map((bucket) => (bucket.events.totalCount ? bucket.mentionCount : null));
  new Chart(canvas, {
    data: {
      labels,
      datasets: [
        { type: "bar", label: "Mentions", data: buckets.map((bucket) => bucket.mentionCount), backgroundColor: "#4a7fc1", order: 2 },
        { type: "line", label: "Months with events", data: events, showLine: false, pointStyle: "triangle", pointRadius: 7, pointBackgroundColor: "#c53030", borderColor: "#c53030", order: 1 },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            afterBody: (items) => {
              const bucket = buckets[items[0].dataIndex];
              return bucket.events.edges.map(({ node }) => `• ${node.label}`);
            },
          },
        },
      },
    },
  });
}

function locatedPlaces(entity, nodes) {
  const places = nodes.filter((node) => node.__typename === "Place" && node.latitude !== null && node.longitude !== null);
  const rows = places.map((place) => ({ id: place.id, name: place.name, latitude: place.latitude, longitude: place.longitude, centre: place.id === entity.id }));
  if (entity.__typename === "Place" && entity.latitude !== null && !rows.some((row) => row.centre)) {
    rows.unshift({ id: entity.id, name: entity.name, latitude: entity.latitude, longitude: entity.longitude, centre: true });
  }
  return rows.sort((a, b) => b.centre - a.centre);
}

function placesList(places) {
  return h(
    "ul",
    { class: "items", id: "places" },
    places.map((place) => h("li", {}, place.centre ? h("strong", {}, place.name) : entityLink(place), h("span", { class: "meta" }, ` · ${place.latitude.toFixed(2)}, ${place.longitude.toFixed(2)}`))),
  );
}

let world = null; // the outlines, fetched once from /static

// What the map frames: the places with a margin, or the whole world when they spread over most of it.
function mapFocus(places) {
  const margin = 8;
  const lons = places.map((place) => place.longitude);
  const lats = places.map((place) => place.latitude);
  const [west, east] = [Math.min(...lons) - margin, Math.max(...lons) + margin];
  const [south, north] = [Math.max(-80, Math.min(...lats) - margin), Math.min(80, Math.max(...lats) + margin)];
  if (east - west > 180) return { type: "Sphere" };
  return { type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south]] };
}

async function drawMap(container, places, signal) {
  try {
    if (!world) {
      const response = await fetch("/static/countries-110m.json", { signal });
      const atlas = await response.json();
      world = topojson.feature(atlas, atlas.objects.countries);
    }
  } catch (error) {
    if (error.name !== "AbortError") container.replaceChildren(h("p", { class: "error" }, `The world outlines could not be loaded (${error.message}); the places are listed beside.`));
    return;
  }
  const width = 640;
  const height = 340;
  const projection = d3.geoNaturalEarth1().fitSize([width, height], mapFocus(places));
  const path = d3.geoPath(projection);
  const map = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `World map with ${places.length} places; the list beside names them` });
  map.append(svg("path", { class: "sphere", d: path({ type: "Sphere" }) }), svg("path", { class: "land", d: path(world) }));
  for (const place of [...places].reverse()) {
    const [x, y] = projection([place.longitude, place.latitude]);
    const point = svg("circle", { class: place.centre ? "point centre" : "point", cx: x.toFixed(1), cy: y.toFixed(1), r: place.centre ? 6 : 4 });
    const title = svg("title");
    title.textContent = place.name;
    point.append(title);
    map.append(point);
  }
  container.replaceChildren(map);
}

function quotesBlock(entity) {
  if (!entity.quotes) return null;
  const quotes = entity.quotes.edges.map(({ node }) => node);
  return section(
    `Quotes (${number(entity.quotes.totalCount)})`,
    quotes.length
      ? h("ul", { class: "items", id: "quotes" }, quotes.map((quote) => h("li", {}, h("blockquote", {}, `“${quote.text}”`), quote.article ? articleLink(quote.article) : null)))
      : empty("No quotes are attributed to this person."),
  );
}

function eventsBlock(entity, data) {
  const seen = new Set();
  const events = [...(entity.placeEvents ? entity.placeEvents.edges : []), ...data.events.edges].map(({ node }) => node).filter((event) => !seen.has(event.id) && seen.add(event.id));
  events.sort((a, b) => (b.date || "").localeCompare(a.date || ""));
  return section(`Events (${number(events.length)} shown)`, events.length ? h("ul", { class: "items", id: "events" }, events.map(eventItem)) : empty("No events involve it."));
}

function eventItem(event) {
  const article = event.articles ? event.articles.edges[0] : null;
  return h(
    "li",
    {},
    h("strong", {}, event.label),
    h("span", { class: "meta" }, ` · ${event.type.toLowerCase().replaceAll("_", " ")}${event.date ? ` · ${event.date}` : ""}`),
    event.place ? h("span", { class: "meta" }, " · in ", entityLink(event.place)) : null,
    article ? h("div", {}, articleLink(article.node)) : null,
  );
}

// ---- path ------------------------------------------------------------------------------------

const PATH = `query PathView($from: ID!, $to: ID!) {
  from: node(id: $from) { ...End }
  to: node(id: $to) { ...End }
  path(from: $from, to: $to, maxLength: 4) {
    kind weight articleCount eventCount
    from { ...End } to { ...End }
    articles(first: 3) { totalCount edges { node { id title published } } }
    events(first: 2) { edges { node { id label date } } }
  }
}
fragment End on Node { __typename id ... on Entity { name } }`;

function pathForm(from, to) {
  const chosen = { from, to };
  const field = (key, label, entity) => {
    const id = `path-${key}`;
    const input = h("input", { id, type: "search", autocomplete: "off", spellcheck: "false", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": `${id}-suggestions`, value: entity ? entity.name : "", placeholder: "A name…" });
    const list = h("ul", { id: `${id}-suggestions`, class: "suggestions", role: "listbox", hidden: true });
    suggest(input, list, {
      entitiesOnly: true,
      onPick: (node) => {
        chosen[key] = node;
        input.value = node.name;
      },
    });
    input.addEventListener("input", () => (chosen[key] = null));
    return h("div", {}, h("label", { for: id }, label), h("div", { class: "combo" }, input, list));
  };
  const message = h("p", { class: "error", role: "alert", hidden: true });
  return h(
    "form",
    {
      class: "path-form",
      id: "path-form",
      onsubmit: (event) => {
        event.preventDefault();
        if (!chosen.from || !chosen.to) {
          message.textContent = "Pick both entities from the suggestions first.";
          message.hidden = false;
          return;
        }
        navigate(pathUrl(chosen.from.id, chosen.to.id));
      },
    },
    field("from", "From", from),
    field("to", "To", to),
    h("button", { type: "submit" }, "Find the connection"),
    message,
  );
}

async function pathView({ from, to }, signal) {
  if (!from || !to) {
    const data = from ? await graphql(`query PathStart($id: ID!) { from: node(id: $id) { __typename id ... on Entity { name } } }`, { id: from }, signal) : { from: null };
    if (from && !data.from) throw new QueryError(`No person, place or organisation has the id “${from}”.`);
    show("Connection", h("h1", {}, "How are two entities connected?"), h("p", {}, "Pick two people, places or organisations; the explorer finds the shortest chain of articles linking them."), pathForm(data.from, null));
    return;
  }
  const data = await graphql(PATH, { from, to }, signal);
  if (!data.from || !data.to) throw new QueryError(`No person, place or organisation has the id “${!data.from ? from : to}”.`);
  const started = performance.now();
  const title = `${data.from.name} → ${data.to.name}`;
  const steps = data.path;
  show(
    title,
    h("h1", {}, "Connection: ", entityLink(data.from), " → ", entityLink(data.to)),
    steps === null
      ? empty(`No chain of at most 4 links connects ${data.from.name} and ${data.to.name}.`)
      : steps.length === 0
        ? empty("That is the same entity twice.")
        : h("p", {}, `${steps.length} ${steps.length === 1 ? "hop" : "hops"}.`),
    steps && steps.length ? h("ol", { class: "path", id: "path" }, steps.map(pathStep)) : null,
    section("Another connection", pathForm(data.from, data.to)),
  );
  view.dataset.drawMs = (performance.now() - started).toFixed(1);
}

function pathStep(step) {
  return h(
    "li",
    {},
    h("div", {}, entityLink(step.from), " — ", entityLink(step.to), h("span", { class: "meta" }, ` · weight ${number(step.weight)}: ${articles(step.articleCount)}, ${number(step.eventCount)} ${step.eventCount === 1 ? "event" : "events"}${step.kind === "SHARED_EVENT" ? " (they share an event)" : ""}`)),
    step.articles.edges.length ? h("ul", { class: "items" }, step.articles.edges.map(({ node }) => h("li", {}, articleLink(node)))) : null,
    step.articles.totalCount > step.articles.edges.length ? h("div", { class: "meta" }, `and ${number(step.articles.totalCount - step.articles.edges.length)} more articles`) : null,
    step.events.edges.length ? h("ul", { class: "items" }, step.events.edges.map(({ node }) => h("li", {}, `Event: ${node.label}${node.date ? ` (${node.date})` : ""}`))) : null,
  );
}

// ---- article ---------------------------------------------------------------------------------

const ARTICLE = `query ArticleView($id: ID!) {
  article(id: $id) {
    id title source url published wordCount text
    removedLines { rule text }
    mentions(first: 100) { totalCount pageInfo { hasNextPage } edges { node { start end text kind entity { __typename id name } } } }
    events { id type label date place { id name } }
    quotes { id text speaker { id name } }
  }
}`;

async function articleView({ id }, signal) {
  const data = await graphql(ARTICLE, { id }, signal);
  const article = data.article;
  if (!article) throw new QueryError(`No article has the id “${id}”.`);
  const started = performance.now();
  const mentions = article.mentions.edges.map(({ node }) => node);
  show(
    article.title || "Article",
    h("p", { class: "meta" }, typeBadge("Article"), ` ${article.source}${article.published ? ` · ${article.published}` : ""} · ${number(article.wordCount)} words`),
    h("h1", {}, article.title || "(untitled)"),
    h("div", { class: "legend" }, h("span", { class: "person" }, "person"), h("span", { class: "place" }, "place"), h("span", { class: "organization" }, "organisation"), h("span", {}, `${number(article.mentions.totalCount)} mentions`)),
    article.mentions.pageInfo.hasNextPage ? h("p", { class: "meta" }, `The first ${mentions.length} mentions are highlighted.`) : null,
    h(
      "div",
      { class: "grid" },
      h("div", { class: "panel" }, h("div", { class: "article-text", id: "article-text" }, highlighted(article.text, mentions)), removedBlock(article.removedLines)),
      h(
        "div",
        { class: "panel" },
        section(`Events (${article.events.length})`, article.events.length ? h("ul", { class: "items" }, article.events.map(eventItem)) : empty("No events were found in it.")),
        section(
          `Quotes (${article.quotes.length})`,
          article.quotes.length ? h("ul", { class: "items" }, article.quotes.map((quote) => h("li", {}, h("blockquote", {}, `“${quote.text}”`), quote.speaker ? h("div", { class: "meta" }, "— ", entityLink(quote.speaker)) : null))) : empty("No quotes were found in it."),
        ),
      ),
    ),
  );
  view.dataset.drawMs = (performance.now() - started).toFixed(1);
}

// The text with a link per mention, coloured by the entity's type. A mention inside another ("Russische"
// in "Russische president") is a link inside the outer one's highlight, whose other words link to the
// outer entity; a mention crossing another's end is left out.
function highlighted(text, mentions) {
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const plain = (from, to, outer) => (from >= to ? null : outer ? h("a", { class: "mention-rest", href: entityUrl(outer.entity.id) }, text.slice(from, to)) : text.slice(from, to));
  const build = (from, to, list, outer) => {
    const parts = [];
    let at = from;
    let i = 0;
    while (i < list.length) {
      const mention = list[i];
      let j = i + 1;
      const inner = [];
      for (; j < list.length && list[j].start < mention.end; j += 1) if (list[j].end <= mention.end) inner.push(list[j]);
      parts.push(plain(at, mention.start, outer), mentionElement(mention, inner.length ? build(mention.start, mention.end, inner, mention) : null, text));
      at = mention.end;
      i = j;
    }
    parts.push(plain(at, to, outer));
    return parts;
  };
  return build(0, text.length, sorted, null);
}

function mentionElement(mention, inner, text) {
  const entity = mention.entity;
  const attributes = { class: `mention ${TYPES[entity.__typename]}`, title: `${entity.name} (${TYPE_NAMES[entity.__typename]}, ${mention.kind.toLowerCase()})`, dataset: { entity: entity.id } };
  if (inner) return h("span", attributes, inner);
  return h("a", { ...attributes, href: entityUrl(entity.id) }, text.slice(mention.start, mention.end));
}

function removedBlock(lines) {
  if (!lines.length) return null;
  return h("section", {}, h("h2", {}, `Removed as boilerplate (${lines.length})`), lines.map((line) => h("div", { class: "removed" }, h("div", { class: "rule" }, line.rule), line.text)));
}

// ---- search ----------------------------------------------------------------------------------

const SEARCH = `query SearchView($q: String!) {
  search(query: $q, first: 30) { snippet node { __typename id ...Hit } }
}
fragment Hit on Node {
  ... on Entity { name articleCount }
  ... on Article { title published source }
}`;

async function searchView({ q }, signal) {
  if (!q) {
    show("Search", h("h1", {}, "Search"), empty("Type a name or words in the search box above."));
    return;
  }
  searchInput.value = q;
  const hits = (await graphql(SEARCH, { q }, signal)).search;
  show(
    `Search: ${q}`,
    h("h1", {}, `Search: “${q}”`),
    hits.length
      ? h(
          "ul",
          { class: "items", id: "results" },
          hits.map(({ node, snippet }) =>
            h(
              "li",
              {},
              typeBadge(node.__typename),
              " ",
              link(nodeUrl(node), node.name || node.title),
              node.__typename === "Article" ? h("span", { class: "meta" }, ` · ${node.source}${node.published ? ` · ${node.published}` : ""}`) : h("span", { class: "meta" }, ` · ${articles(node.articleCount)}`),
              snippet ? h("div", { class: "meta" }, marked(snippet)) : null,
            ),
          ),
        )
      : empty(`Nothing matches “${q}”: no name starts with it and no article contains it.`),
  );
}

// The search's snippet marks the matched words [like this].
function marked(snippet) {
  return snippet.split(/\[([^\]]*)\]/).map((part, index) => (index % 2 ? h("mark", {}, part) : part));
}

function unknownView() {
  show("Not found", h("h1", {}, "No such page"), h("p", { class: "error", role: "alert" }, `The explorer has no page at ${location.pathname}.`), h("p", {}, link(ROOT, "Start again")));
}

render();
