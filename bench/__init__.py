"""Benchmarks of the workflow engine; ``python -m bench`` prints figures and ratios."""
