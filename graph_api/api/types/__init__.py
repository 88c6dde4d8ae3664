"""The GraphQL types, one module per node type or concept, found through the registry."""
