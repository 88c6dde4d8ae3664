"""The in-memory knowledge graph and its indexes."""
