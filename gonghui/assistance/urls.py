"""The assistance pages: each part's views module lists its own (`urlpatterns`)."""

from .views import files, grants, payments, portal, records

app_name = "assistance"
urlpatterns = [
    *files.urlpatterns,
    *grants.urlpatterns,
    *payments.urlpatterns,
    *records.urlpatterns,
    *portal.urlpatterns,
]
