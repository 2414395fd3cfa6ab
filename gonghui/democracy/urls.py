"""The democracy pages: each part's views module lists its own (`urlpatterns`)."""

from .views import congress, contracts, notice, ratings

app_name = "democracy"
urlpatterns: list = [
    *contracts.urlpatterns,
    *congress.urlpatterns,
    *ratings.urlpatterns,
    *notice.urlpatterns,
]
