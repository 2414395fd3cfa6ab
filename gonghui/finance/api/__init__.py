"""The finance API (/api/v1/finance/...): one router per part, mounted here."""

from ninja import Router

from . import allocation, collections, ledger, refunds

router = Router(tags=["工会经费"])
router.add_router("", allocation.router)
router.add_router("", collections.router)
router.add_router("", ledger.router)
router.add_router("", refunds.router)
