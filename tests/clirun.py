"""The command line run in-process, as the tests call it."""

from __future__ import annotations

from click.testing import CliRunner

from diplograph.cli import cli


def run(*args: str) -> tuple[int, str]:
    """Exit code and output of `diplograph ARGS…`."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output
