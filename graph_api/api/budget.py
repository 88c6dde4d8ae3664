"""What a GraphQL document may cost, measured before it is validated further or executed.

One pass over the document, in time linear in its text: every fragment is measured once and its
measure reused wherever it is spread, so a fragment spread twice counts twice (aliases, repeated
fields and cost) without being walked twice. The figures:

- depth: the deepest nesting of selections (fields of the root are depth 0), introspection aside;
- aliases: aliased fields, fragments expanded;
- repeats: the most fields that can share one response path, fragments merged in: a name selected
  n times in a selection, each holding a name selected m times, is m × n fields on one path. The
  spec's overlapping-fields rule compares the fields of a path pairwise, so with this bounded its
  work grows with the text, not with the product of the repeats;
- cost: the nodes the query may return, each field counted once per item it can be repeated for:
  a list with a ``first`` argument at that size, a connection's edges at its page size, any other
  list at the longest such list in the graph (never above its cap), plus a weight for resolvers
  that do real work (search, filters, rankings);
- string arguments: no literal or variable string longer than the limit or holding a NUL character.

Introspection fields count for aliases and repeats only; graphql-core's ``MaxIntrospectionDepthRule``
bounds their depth. Measured verdicts are kept per query text and variables (``VERDICTS``), so a
query clients repeat is measured once (``graph_api/api/admission.py`` asks for them).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from graphql import (
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
    parse,
)
from graphql.language import ListValueNode, ObjectValueNode

from graph_api.dates import PartialDate
from graph_api.graph.list_sizes import ListKind, ListSizes
from graph_api.graph.timeline import Interval, bucket_count

# Resolvers that do real work beyond following an edge, in nodes' worth of cost per call.
RESOLVER_WEIGHTS = {
    "Query.search": 500,  # prefix search over names plus a full-text query
    "Query.quotes": 500,  # a filter over every quote, full-text when `textContains` is given
    "Query.events": 500,  # a filter and sort over every event
    "related": 5,  # the strongest co-mentions of an entity, on any entity type
    "Query.neighbourhood": 50,  # strongest neighbours of up to `first` entities, links among the chosen
    "Query.path": 50,  # a breadth-first search from both ends
    "Query.timeline": 20,  # an entity's buckets, built once per version and interval
    "Query.textTimeline": 500,  # every full-text match, bucketed
    "Query.trending": 500,  # mentions counted over two windows of articles
    "SubgraphEdge.articles": 20,  # the shared articles of two entities: a walk over the less written-about one's
    "PathStep.articles": 20,
}

# Arguments that turn a cheap list into a computed one: their weight is added when they are given.
ARGUMENT_WEIGHTS = {
    ("Query.articles", "filter"): 500,  # a filter over the articles (a full-text search with `text`)
    ("Query.people", "filter"): 100,  # a filter over one type's entities
    ("Query.places", "filter"): 100,
    ("Query.organizations", "filter"): 100,
}

# Lists whose length follows the page size asked of the field above them, like a connection's edges:
# (items per page item, items regardless of the page).
PAGED_LISTS = {
    "Subgraph.nodes": (1, 1),  # the `first` entities, and the centre
}


# Plain lists (no `first`) and the kind of graph list whose longest length they are counted at.
PLAIN_LISTS = {
    "Article.people": ListKind.ARTICLE_ENTITIES,
    "Article.places": ListKind.ARTICLE_ENTITIES,
    "Article.organizations": ListKind.ARTICLE_ENTITIES,
    "Article.events": ListKind.ARTICLE_EVENTS,
    "Article.quotes": ListKind.ARTICLE_QUOTES,
    "Article.removedLines": ListKind.ARTICLE_REMOVED_LINES,
    "aliases": ListKind.ENTITY_ALIASES,
    "aliasCounts": ListKind.ENTITY_ALIASES,
    "Person.roles": ListKind.PERSON_ROLES,
    "Event.participants": ListKind.EVENT_PARTICIPANTS,
    "Event.sources": ListKind.EVENT_ARTICLES,
    "Event.evidence": ListKind.EVENT_EVIDENCE,
    "history": ListKind.ENTITY_HISTORY,
    "Curation.sources": ListKind.CURATION_SOURCES,
}


@dataclass(frozen=True)
class Limits:
    """The limits a document is measured against, and the sizes it is measured with."""

    depth: int
    aliases: int
    repeats: int
    cost: int
    string_bytes: int
    write_string_bytes: int  # a mutation's strings: the texts of articles to ingest
    default_page: int
    max_page: int
    max_search: int
    list_cap: int
    related_default: int
    neighbourhood_default: int
    neighbourhood_max: int
    edges_per_node: int
    path_default: int
    path_max: int
    timeline_buckets: int


@dataclass
class Measure:
    """The figures of one selection set, its fragments expanded."""

    depth: int = 0
    aliases: int = 0
    fixed: int = 0  # cost that does not depend on the page size of an enclosing connection
    per_item: int = 0  # cost for every item of the enclosing connection's page (its edges)
    # response name → (fields under it in this selection, most repeats along a path below one of them)
    names: dict[str, tuple[int, int]] = field(default_factory=dict)

    def absorb(self, other: Measure) -> None:
        """Add a fragment's measure: its fields join this selection."""
        self.depth = max(self.depth, other.depth)
        self.aliases += other.aliases
        self.fixed += other.fixed
        self.per_item += other.per_item
        for name, (count, below) in other.names.items():
            self.add_name(name, count, below)

    def add_name(self, name: str, count: int, below: int) -> None:
        known, known_below = self.names.get(name, (0, 1))
        self.names[name] = (known + count, max(known_below, below))

    def repeats(self) -> tuple[int, str]:
        """The most fields on one response path through this selection, and the name that starts it."""
        return max(((count * below, name) for name, (count, below) in self.names.items()), default=(1, ""))

    def cost_with(self, page: int) -> int:
        return self.fixed + self.per_item * page


@dataclass(frozen=True)
class Verdict:
    """A document measured: its costliest operation's cost, what it exceeds (empty: nothing), its operations."""

    cost: int
    problems: tuple[str, ...]
    operations: int


class DocumentMeter:
    """Measures the operations of one document against one schema and one set of variables."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, object], limits: Limits, sizes: ListSizes | None = None
    ) -> None:
        self.schema = schema
        self.sizes = sizes
        self.variables = variables
        self.limits = limits
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        self._measured: dict[str, Measure] = {}
        self._measuring: set[str] = set()
        self.string_problems: list[str] = []
        writes = bool(self.operations) and all(o.operation is OperationType.MUTATION for o in self.operations)
        self.string_limit = limits.write_string_bytes if writes else limits.string_bytes

    def verdict(self) -> Verdict:
        """Every operation measured once: the costliest one's cost, and each limit exceeded."""
        problems = list(self._variable_problems())
        costs = []
        for operation in self.operations:
            measure = self._operation(operation)
            costs.append(measure.cost_with(self.limits.max_page))
            problems.extend(self._exceeded(_operation_name(operation), measure))
        problems.extend(self.string_problems)
        return Verdict(max(costs, default=0), tuple(dict.fromkeys(problems)), len(self.operations))

    def cost(self) -> int:
        """The cost of the document's costliest operation."""
        return self.verdict().cost

    def errors(self) -> list[GraphQLError]:
        """One error per limit an operation exceeds (or a string argument), empty when all are within."""
        return [GraphQLError(problem) for problem in self.verdict().problems]

    def _operation(self, operation: OperationDefinitionNode) -> Measure:
        return self.selection(operation.selection_set, self.schema.get_root_type(operation.operation))

    def _exceeded(self, name: str, measure: Measure) -> Iterator[str]:
        limits = self.limits
        if measure.depth > limits.depth:
            yield f"{name} is {measure.depth} levels deep, the limit is {limits.depth}"
        if measure.aliases > limits.aliases:
            yield f"{name} has {measure.aliases} aliases (fragments expanded), the limit is {limits.aliases}"
        count, response = measure.repeats()
        if count > limits.repeats:
            yield (
                f"{name} selects {count} fields on one response path starting at `{response}` "
                f"(repeats multiplied through nested selections, fragments merged), the limit is {limits.repeats}"
            )
        cost = measure.cost_with(limits.max_page)
        if cost > limits.cost:
            yield (
                f"{name} may return {cost} nodes (page sizes multiplied along nested lists), the limit is {limits.cost}: "
                "ask for smaller pages or fewer nested lists"
            )

    def selection(self, selection_set: SelectionSetNode | None, parent: object) -> Measure:
        measure = Measure()
        if selection_set is None:
            return measure
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                self._field(node, parent, measure)
            elif isinstance(node, InlineFragmentNode):
                condition = self.schema.get_type(node.type_condition.name.value) if node.type_condition else parent
                measure.absorb(self.selection(node.selection_set, condition))
            elif isinstance(node, FragmentSpreadNode):
                measure.absorb(self.fragment(node.name.value))
        return measure

    def fragment(self, name: str) -> Measure:
        """A fragment's measure, computed once; a cycle (reported by the spec's rules) counts as empty."""
        if name in self._measured:
            return self._measured[name]
        definition = self.fragments.get(name)
        if definition is None or name in self._measuring:
            return Measure()
        self._measuring.add(name)
        measure = self.selection(definition.selection_set, self.schema.get_type(definition.type_condition.name.value))
        self._measuring.discard(name)
        self._measured[name] = measure
        return measure

    def _field(self, node: FieldNode, parent: object, measure: Measure) -> None:
        name = node.name.value
        response = node.alias.value if node.alias else name
        measure.aliases += node.alias is not None
        self._check_strings(node)
        definition = _field_definition(parent, name)
        field_type = definition.type if definition else None
        child_type = get_named_type(field_type) if field_type else None
        child = self.selection(node.selection_set, child_type)
        measure.aliases += child.aliases
        measure.add_name(response, 1, child.repeats()[0])
        if name.startswith("__"):
            return  # introspection: its depth and size are bounded by its own rule; __typename costs nothing
        page = self._page_size(node, definition, name)
        if node.selection_set is not None:
            measure.depth = max(measure.depth, child.depth + 1)
        size = page if page is not None else self._list_size(node, parent, name)
        item = 1 + child.cost_with(size)
        weight = _weight(parent, name) + _argument_weight(node, parent)  # once per call, not per item
        paged = self._paged(parent, name)
        if _is_list(field_type) and paged is not None:
            per_page, regardless = paged  # items per item of the page the field above asked for
            measure.per_item += per_page * item
            measure.fixed += regardless * item + weight
        elif _is_list(field_type):
            measure.fixed += size * item + weight
        else:
            measure.fixed += item + weight

    def _timeline_buckets(self, node: FieldNode) -> int:
        """The buckets a timeline can have: from `from` (else the oldest article) to `to` (else the newest), at most the limit."""
        arguments = {argument.name.value: self._value(argument.value) for argument in node.arguments or ()}
        interval = arguments.get("interval") or Interval.MONTH.value  # absent, or a variable not given: the default
        first, last = _day(arguments.get("from")), _day(arguments.get("to"), last=True)
        if self.sizes is not None:
            first, last = first or self.sizes.first_day, last or self.sizes.last_day
        limit = self.limits.timeline_buckets
        if first is None or last is None:
            return limit
        if not isinstance(interval, str) or interval not in Interval.__members__:
            return 1  # not an interval: refused before anything runs
        return max(1, min(limit, bucket_count(first, last, Interval(interval))))

    def _value(self, value: ValueNode) -> object:
        """A literal or a variable's value (enums as their names)."""
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, StringValueNode | EnumValueNode):
            return value.value
        return None

    def _paged(self, parent: object, name: str) -> tuple[int, int] | None:
        """How a list grows with the page size of the field above it: a connection's edges, a subgraph's nodes and edges."""
        if _is_connection(parent):
            return (1, 0)
        qualified = f"{_type_name(parent)}.{name}"
        if qualified == "Subgraph.edges":
            return (self.limits.edges_per_node, self.limits.edges_per_node)
        return PAGED_LISTS.get(qualified)

    def _list_size(self, node: FieldNode, parent: object, name: str) -> int:
        """What a plain list is counted at: the longest of its kind in the graph, at most the cap."""
        qualified = f"{_type_name(parent)}.{name}"
        if qualified == "Query.path":
            return self._argument(node, "maxLength", self.limits.path_default, self.limits.path_max)
        if qualified in ("Query.timeline", "Query.textTimeline"):
            return self._timeline_buckets(node)
        kind = PLAIN_LISTS.get(qualified, PLAIN_LISTS.get(name))
        if kind is None or self.sizes is None:
            return self.limits.list_cap
        return min(self.limits.list_cap, self.sizes.longest(kind))

    def _page_size(self, node: FieldNode, definition: GraphQLField | None, name: str) -> int | None:
        """The page size a field with a ``first`` argument will use; None for other fields."""
        if definition is None or "first" not in definition.args:
            return None
        limits = self.limits
        default, maximum = {
            "related": (limits.related_default, limits.max_page),
            "search": (limits.default_page, limits.max_search),
            "neighbourhood": (limits.neighbourhood_default, limits.neighbourhood_max),
        }.get(name, (limits.default_page, limits.max_page))
        return self._argument(node, "first", default, maximum)

    def _argument(self, node: FieldNode, name: str, default: int, maximum: int) -> int:
        """An Int argument as the field will use it: given (at most the maximum), else the default."""
        for argument in node.arguments or ():
            if argument.name.value == name:
                value = self._int_value(argument.value)
                return maximum if value is None else max(0, min(value, maximum))
        return min(default, maximum)

    def _int_value(self, value: ValueNode) -> int | None:
        """An Int literal or Int variable; None (measured at the maximum) for anything else."""
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            return given if isinstance(given, int) and not isinstance(given, bool) else None
        return None

    def _check_strings(self, node: FieldNode) -> None:
        for argument in node.arguments or ():
            for text in _string_literals(argument.value):
                problem = self._string_problem(text)
                if problem:
                    self.string_problems.append(f"argument `{argument.name.value}` {problem}")

    def _variable_problems(self) -> Iterator[str]:
        for name, value in self.variables.items():
            for text in _strings_in(value):
                problem = self._string_problem(text)
                if problem:
                    yield f"variable `${name}` {problem}"
                    break

    def _string_problem(self, text: str) -> str | None:
        if len(text.encode("utf-8", "surrogatepass")) > self.string_limit:
            return f"is longer than the limit of {self.string_limit} bytes"
        if "\0" in text:
            return "contains a NUL character"
        return None


class Verdicts:
    """The verdicts of recent queries, so a query clients repeat is measured once (until the graph's list sizes change)."""

    def __init__(self, entries: int = 1024) -> None:
        self.entries = entries
        self._items: OrderedDict[tuple[object, ...], Verdict | None] = OrderedDict()
        self._lock = threading.Lock()  # whichever thread admits a document

    def judge(
        self, schema: GraphQLSchema, query: str, variables: Mapping[str, object], limits: Limits, max_tokens: int, sizes: ListSizes | None
    ) -> Verdict | None:
        """The verdict on a query text; None when it does not parse (its execution says why)."""
        key = (id(schema), query, _variables_key(variables), limits, max_tokens, sizes.revision if sizes else 0)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        document = _parsed(query, max_tokens)
        verdict = DocumentMeter(schema, document, variables, limits, sizes).verdict() if document is not None else None
        if len(query) + len(key[2]) <= MAX_JUDGED_TEXT:
            with self._lock:
                self._items[key] = verdict
                if len(self._items) > self.entries:
                    self._items.popitem(last=False)
        return verdict


MAX_JUDGED_TEXT = 8 * 1024  # longer queries and variables are measured every time rather than kept
VERDICTS = Verdicts()


def _variables_key(variables: Mapping[str, object]) -> str:
    return json.dumps(variables, sort_keys=True, default=repr) if variables else ""


def operation_type(query: str, operation_name: str | None, max_tokens: int) -> OperationType | None:
    """Whether a document's operation to run is a query, a mutation or a subscription; None when that is unclear (its execution says why)."""
    document = _parsed(query, max_tokens)
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name is not None and o.name.value == operation_name)]
    if any(o.operation is OperationType.MUTATION for o in chosen):
        return OperationType.MUTATION  # a write, whichever of them runs: it needs a token and is never cached
    return chosen[0].operation if chosen else None


def _parsed(query: str, max_tokens: int) -> DocumentNode | None:
    try:
        return parse_document(query, max_tokens)
    except GraphQLError:
        return None


@lru_cache(maxsize=512)
def parse_document(query: str, max_tokens: int) -> DocumentNode:
    """The document of a query text, parsed once while it stays among the recent ones; GraphQLError when it does not parse
    or has more than ``max_tokens`` tokens (not kept: the token limit bounds what parsing it again costs)."""
    return parse(query, max_tokens=max_tokens)


def _operation_name(operation: OperationDefinitionNode) -> str:
    return f"operation `{operation.name.value}`" if operation.name else "the query"


def _field_definition(parent: object, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        definition: GraphQLField | None = parent.fields.get(name)
        return definition
    return None


def _is_list(field_type: object) -> bool:
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)


def _is_connection(parent: object) -> bool:
    """A Relay connection type: its list of edges is as long as the page asked for above it."""
    return isinstance(parent, GraphQLObjectType) and "pageInfo" in parent.fields


def _type_name(parent: object) -> str:
    return getattr(parent, "name", "")


def _weight(parent: object, name: str) -> int:
    return RESOLVER_WEIGHTS.get(f"{_type_name(parent)}.{name}", RESOLVER_WEIGHTS.get(name, 0))


def _day(value: object, last: bool = False) -> date | None:
    """A `from`/`to` value as a day; None when absent or not a date (the resolver will say why)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = PartialDate.parse(value)
    except ValueError:
        return None
    return parsed.last_day() if last else parsed.first_day()


def _argument_weight(node: FieldNode, parent: object) -> int:
    qualified = f"{_type_name(parent)}.{node.name.value}"
    return sum(ARGUMENT_WEIGHTS.get((qualified, argument.name.value), 0) for argument in node.arguments or ())


def _string_literals(value: ValueNode) -> Iterator[str]:
    if isinstance(value, StringValueNode):
        yield value.value
    elif isinstance(value, ListValueNode):
        for item in value.values:
            yield from _string_literals(item)
    elif isinstance(value, ObjectValueNode):
        for entry in value.fields:
            yield from _string_literals(entry.value)


def _strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
