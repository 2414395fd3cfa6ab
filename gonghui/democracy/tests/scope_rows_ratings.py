"""Scope-walk rows (ratings) for tests/scope_walk.py: one of each scoped model, marked."""


def foreign_ratings_rows(world) -> list:
    return []
