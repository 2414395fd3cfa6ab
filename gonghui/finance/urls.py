"""The finance pages: each part's views module lists its own (`urlpatterns`)."""

from .views import allocation, collections, ledger, refunds

app_name = "finance"
urlpatterns = [
    *allocation.urlpatterns,
    *collections.urlpatterns,
    *ledger.urlpatterns,
    *refunds.urlpatterns,
]
