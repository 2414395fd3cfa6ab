"""Workflows (ratings): filled in by its part."""
