"""What a GraphQL document passes before it runs, each step kept per exact document text.

In order: parsing within the token limit; the budget (``graph_api/api/budget.py``), which refuses a
document over its limits before the spec's rules run (the overlapping-fields rule is quadratic);
then validation by the spec's rules and ours (introspection depth; no introspection when it is
off). A document is parsed once and validated once while it stays among the recent ones, so a
client repeating a query pays for neither again; its budget verdict is kept per text and variables.

The server runs a query it admitted through graphql-core directly (``graph_api/api/execution.py``);
whatever Strawberry executes itself (mutations, subscriptions, a request that is not plainly one
query) is admitted by the ``Admit`` extension, with the same caches and rules.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, validate
from strawberry.extensions import SchemaExtension

from graph_api.api.budget import VERDICTS, Limits, parse_document
from graph_api.api.context import Context
from graph_api.api.graphql_schema import executable_schema
from graph_api.graph.list_sizes import ListSizes

MAX_KEPT_TEXT = 8 * 1024  # the validation of longer documents is not kept: they are validated every time


@dataclass(frozen=True)
class Admitted:
    """A parsed document, what it may cost, and why it may not run (empty: it may)."""

    document: DocumentNode
    cost: int
    errors: tuple[GraphQLError, ...]


class Admission:
    """The checks of one schema's documents, with the validation of recent document texts kept.

    One per schema (``build_schema`` makes it): validation results are kept by document text alone.
    """

    def __init__(self, limits: Limits, max_tokens: int, rules: tuple[type[ASTValidationRule], ...], entries: int = 1024) -> None:
        self.limits = limits
        self.max_tokens = max_tokens
        self.rules = rules  # the spec's rules and ours
        self.entries = entries
        self._validated: OrderedDict[str, tuple[GraphQLError, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def document(self, query: str) -> DocumentNode:
        """The parsed document; GraphQLError when it does not parse or has too many tokens."""
        return parse_document(query, self.max_tokens)

    def admit(
        self, schema: GraphQLSchema, query: str, variables: Mapping[str, object], operation_name: str | None, sizes: ListSizes | None
    ) -> Admitted:
        """The document of ``query`` with the budget's refusals, else the validation errors (GraphQLError when it does not parse)."""
        document = self.document(query)
        verdict = VERDICTS.judge(schema, query, variables, self.limits, self.max_tokens, sizes)
        problems = list(verdict.problems) if verdict is not None else []
        if verdict is not None and verdict.operations > 1 and operation_name is None:
            # The spec's rule; Strawberry and graphql-core would run the first operation instead.
            problems.append(f"the document has {verdict.operations} operations: name the one to run in `operationName`")
        cost = verdict.cost if verdict is not None else 0
        if problems:
            return Admitted(document, cost, tuple(GraphQLError(problem) for problem in problems))
        return Admitted(document, cost, self._validation(schema, query, document))

    def _validation(self, schema: GraphQLSchema, query: str, document: DocumentNode) -> tuple[GraphQLError, ...]:
        """The validation errors of a document the budget let through, computed once per text while it stays among the recent ones."""
        with self._lock:
            if query in self._validated:
                self._validated.move_to_end(query)
                return self._validated[query]
        errors = tuple(validate(schema, document, self.rules))
        if len(query) <= MAX_KEPT_TEXT:
            with self._lock:
                self._validated[query] = errors
                if len(self._validated) > self.entries:
                    self._validated.popitem(last=False)
        return errors


class Admit(SchemaExtension):
    """The admission of what Strawberry executes itself: the cached parse, then the budget and validation.

    Strawberry skips its own parsing when an extension has set the document, and its validation
    when one has set ``pre_execution_errors``, as this one always does for a parsed document.
    """

    def __init__(self, admission: Admission) -> None:
        self.admission = admission

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:
            context.graphql_document = self.admission.document(context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None and context.query:
            sizes = context.context.graph.list_sizes if isinstance(context.context, Context) else None
            # What the request named: Strawberry's `operation_name` names the first operation when it named none.
            named = getattr(context, "_provided_operation_name", None)
            admitted = self.admission.admit(executable_schema(context.schema), context.query, context.variables or {}, named, sizes)
            context.pre_execution_errors = list(admitted.errors)
        yield
