"""`python main.py crm ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="amoCRM: log in, check the mapping, register the webhook, sync history.", no_args_is_help=True)
