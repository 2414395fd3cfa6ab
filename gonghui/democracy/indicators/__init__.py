"""The democracy app's indicators (REPORT-1): each part's module registers its own."""


def register() -> None:
    pass
