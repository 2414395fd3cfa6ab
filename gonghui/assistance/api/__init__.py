"""The assistance API (/api/v1/assistance/...): one router per part, mounted here."""

from ninja import Router

from . import files, grants, payments, records

router = Router(tags=["服务职工"])
router.add_router("", files.router)
router.add_router("", grants.router)
router.add_router("", payments.router)
router.add_router("", records.router)
