"""The democracy API: each part's module adds its endpoints to `router`."""

from ninja import Router

router = Router(tags=["民主管理"])
