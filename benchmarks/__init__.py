"""Benchmarks: the measured cost of a run and how it grows (`make bench`; not part of the tests)."""
