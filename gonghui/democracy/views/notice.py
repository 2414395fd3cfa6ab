"""The public notice of a rating round (DEMO-3): filled in by the ratings part."""

urlpatterns: list = []
