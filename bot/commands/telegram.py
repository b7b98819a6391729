"""`python main.py telegram ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Telegram: deep links for customers.", no_args_is_help=True)
