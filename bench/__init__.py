"""Benchmarks: speed and memory targets, measured, not asserted in the test suite.

Run all with `make bench` (or `python -m bench`); each module named ``bench_*.py`` has a
``run() -> list[Measurement]``.
"""
