"""Recognition vocabularies (cue words, month names, genre rules) kept as YAML data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's loader where PyYAML was built with it (its wheels are): the same documents, about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict[str, Any]:
    """Load `rules/<name>.yaml`; cached, so every caller shares one copy."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=SAFE_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"rules/{name}.yaml must hold a mapping")
    return data


def fold(text: str) -> str:
    """Case- and ё-fold text for cue matching; keeps the length, so offsets stay valid."""
    return text.lower().replace("ё", "е")
