"""Indicators (ratings): filled in by its part."""


def register() -> None:
    pass
