"""The activities API (/api/v1/activities/...): one router per part, mounted here."""

from ninja import Router

from . import activities, delegations, submissions

router = Router(tags=["文体活动"])
router.add_router("", activities.router)
router.add_router("", submissions.router)
router.add_router("", delegations.router)
