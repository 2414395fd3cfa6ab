"""Mutual aid: one module per part."""
