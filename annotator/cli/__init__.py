"""The command line: thin wrappers over the use cases."""

from annotator.cli.app import app, main

__all__ = ["app", "main"]
