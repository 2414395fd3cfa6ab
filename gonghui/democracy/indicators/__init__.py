"""The democracy app's indicators (REPORT-1): each part's module registers its own."""

from . import congress, contracts, ratings


def register() -> None:
    contracts.register()
    congress.register()
    ratings.register()
