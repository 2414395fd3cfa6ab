"""Scope-walk rows (congress) for tests/scope_walk.py: one of each scoped model, marked."""


def foreign_congress_rows(world) -> list:
    return []
