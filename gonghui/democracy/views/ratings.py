"""Pages (ratings): filled in by its part."""

urlpatterns: list = []
