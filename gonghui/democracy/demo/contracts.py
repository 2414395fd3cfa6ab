"""The demo district's contracts (filled in by its part)."""
