"""The demo district's congress (filled in by its part)."""
