"""The mutual-aid API (/api/v1/mutualaid/...): one router per part, mounted here."""

from ninja import Router

from . import claims, enrollments, payouts, plans

router = Router(tags=["医疗互助"])
router.add_router("", plans.router)
router.add_router("", enrollments.router)
router.add_router("", claims.router)
router.add_router("", payouts.router)
