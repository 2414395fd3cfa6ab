"""The democracy pages: each part's views module lists its own (`urlpatterns`)."""

app_name = "democracy"
urlpatterns: list = []
