"""The democracy API (/api/v1/democracy/...): one router per part, mounted here."""

from ninja import Router

from .congress import router as _congress
from .contracts import router as _contracts
from .ratings import router as _ratings

router = Router(tags=["民主管理"])
router.add_router("", _contracts)
router.add_router("", _congress)
router.add_router("", _ratings)
