"""Benchmarks, run on demand (`python -m bench`), each printing ratios against a same-run baseline."""
