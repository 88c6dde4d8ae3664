"""The GraphQL API: schema, types, limits, caching and the GraphiQL page."""
