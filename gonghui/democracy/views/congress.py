"""Pages (congress): filled in by its part."""

urlpatterns: list = []
