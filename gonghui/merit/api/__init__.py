"""The merit API (/api/v1/merit/...): one router per part, mounted here."""

from ninja import Router

router = Router(tags=["建功立业"])

from .competitions import router as _competitions  # noqa: E402

router.add_router("", _competitions)

from .workers import router as _workers  # noqa: E402

router.add_router("", _workers)

from . import honors  # noqa: E402

router.add_router("", honors.router)
