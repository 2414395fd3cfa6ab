from ninja import Router

router = Router(tags=["维权"])
