"""Pages (contracts): filled in by its part."""

urlpatterns: list = []
