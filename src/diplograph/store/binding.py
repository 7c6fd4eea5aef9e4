"""Binding query parameters for a remote store: see `diplograph.binding` (the embedded store binds them the same
way, so the text lives outside this package, which the command line imports only for remote stores)."""

from ..binding import bind_values, code_positions, where_group_start

__all__ = ["bind_values", "code_positions", "where_group_start"]
