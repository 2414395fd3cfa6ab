"""The project's URLs: each app's pages, then the API. A new domain adds its line here
(docs/development.md); tests/test_registry.py fails if an installed app's urls are missing."""

from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("gonghui.reports.urls")),
    path("", include("gonghui.core.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("", include("gonghui.orgs.urls")),
    path("", include("gonghui.members.urls")),
    path("", include("gonghui.rights.urls")),
    path("", include("gonghui.assistance.urls")),
    path("", include("gonghui.mutualaid.urls")),
    path("", include("gonghui.finance.urls")),
    path("", include("gonghui.merit.urls")),
    path("", include("gonghui.democracy.urls")),
    path("", include("gonghui.activities.urls")),
    path("", include("gonghui.core.importing.urls")),
    path("api/v1/", api.urls),
]

handler400 = "gonghui.core.views.bad_request"
handler404 = "gonghui.core.views.page_not_found"
