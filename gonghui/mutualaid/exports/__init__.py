"""Mutual-aid list exports: one module per part; registrations.py registers them."""
