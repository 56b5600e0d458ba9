"""The command line: the Typer app (app.py) and one module per command group. The only Typer user."""

from pdca.cli.app import main, run

__all__ = ["main", "run"]
