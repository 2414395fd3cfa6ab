"""Mutual-aid import kinds (core.importing): one module per part; registrations.py registers them."""
