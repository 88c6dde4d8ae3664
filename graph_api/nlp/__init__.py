"""Dutch extraction: spaCy NER, refinement, linking, roles, events and quotes."""
