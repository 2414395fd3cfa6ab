"""Scope-walk rows (contracts) for tests/scope_walk.py: one of each scoped model, marked."""


def foreign_contracts_rows(world) -> list:
    return []
