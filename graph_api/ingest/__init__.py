"""Ingestion inputs: reading, validating and cleaning articles."""
