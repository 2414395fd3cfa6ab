"""Workflows (contracts): filled in by its part."""
