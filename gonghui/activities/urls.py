"""The activities pages: each part's views module lists its own (`urlpatterns`)."""

from .views import activities, delegations, portal, portal_submissions, submissions

app_name = "activities"
urlpatterns: list = [
    *activities.urlpatterns,
    *portal.urlpatterns,
    *submissions.urlpatterns,
    *portal_submissions.urlpatterns,
    *delegations.urlpatterns,
]
