"""The demo district's ratings (filled in by its part)."""
