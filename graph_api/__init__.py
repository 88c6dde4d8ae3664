"""graph-api: a GraphQL knowledge graph over Dutch-language news."""
