"""Benchmarks: a synthetic Dutch corpus generator and the measurements of ``graph-api bench``."""
