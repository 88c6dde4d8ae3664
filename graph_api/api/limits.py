"""Query limits as GraphQL validation rules, so the validation cache checks each query text once."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


def _depth(selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str] = frozenset()) -> int:
    """Deepest field nesting below a selection set, following fragments (each once per path).

    Introspection fields (``__schema``, ``__type``) do not count: GraphiQL's own schema query is
    15 deep and must always pass.
    """
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if not selection.name.value.startswith("__"):
                deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                deepest = max(deepest, _depth(fragment.selection_set, fragments, seen | {selection.name.value}))
    return deepest


def _aliases(selection_set: SelectionSetNode | None) -> int:
    if selection_set is None:
        return 0
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode) and selection.alias is not None:
            count += 1
        count += _aliases(getattr(selection, "selection_set", None))
    return count


def max_depth_rule(max_depth: int) -> type[ValidationRule]:
    """A rule refusing operations nested deeper than ``max_depth`` fields."""

    class MaxDepthRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            fragments = {d.name.value: d for d in self.context.document.definitions if isinstance(d, FragmentDefinitionNode)}
            depth = _depth(node.selection_set, fragments)
            if depth > max_depth:
                name = node.name.value if node.name else "anonymous"
                self.report_error(GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth} (it is {depth} deep)", node))

    return MaxDepthRule


def max_aliases_rule(max_aliases: int) -> type[ValidationRule]:
    """A rule refusing documents with more than ``max_aliases`` aliased fields."""

    class MaxAliasesRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            self.count += _aliases(node.selection_set)
            if self.count > max_aliases:
                self.report_error(GraphQLError(f"too many aliases: {self.count}, at most {max_aliases}", node))

    return MaxAliasesRule
