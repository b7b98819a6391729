"""Fuzz tests (issue #19): seeded garbage on every inbound edge, bounded for `make test`; the long run
is `python -m bench.fuzz --count N`. The inputs are tests/support/fuzz.py (texts, bodies, shapes) and
fuzz_images.py; what each edge is sent and must answer, fuzz_edges.py and fuzz_webhooks.py."""
