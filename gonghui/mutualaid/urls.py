"""The mutual-aid pages: each part's views module lists its own (`urlpatterns`)."""

from .views import claims, enrollments, payouts, plans, portal

app_name = "mutualaid"
urlpatterns = [
    *plans.urlpatterns,
    *enrollments.urlpatterns,
    *claims.urlpatterns,
    *payouts.urlpatterns,
    *portal.urlpatterns,
]
