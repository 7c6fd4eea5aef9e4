"""Recognition vocabularies (cue words, month names, genre rules) kept as YAML data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """Load `rules/<name>.yaml`; cached, so every caller shares one copy."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"rules/{name}.yaml must hold a mapping")
    return data


def fold(text: str) -> str:
    """Case- and ё-fold text for cue matching; keeps the length, so offsets stay valid."""
    return text.lower().replace("ё", "е")
