"""Stage 3 — link: mentions resolve to curated reference entities, or to stable minted ones."""
