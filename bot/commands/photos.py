"""`python main.py read-photo FILE...`: identifiers read from photos, one JSON line per file."""

from __future__ import annotations
