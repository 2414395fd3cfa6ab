"""The assistance app's indicators (REPORT-1, CARE-1/2/4)."""


def register() -> None:
    pass
