from django.urls import path

from gonghui.core.workflow_views import workflow_urls

from .elections import ELECTION_WORKFLOW
from .views import employers, organizations, suggest, terms

app_name = "orgs"
urlpatterns = [
    path("orgs/", organizations.tree, name="tree"),
    path("orgs/list/", organizations.organization_list, name="organization_list"),
    path("suggest/unions/", suggest.unions, name="suggest_unions"),
    path("suggest/organizations/", suggest.organizations, name="suggest_organizations"),
    path("suggest/employers/", suggest.employers, name="suggest_employers"),
    path("orgs/terms/", terms.terms_due, name="terms"),
    path("orgs/coverage/", terms.coverage, name="coverage"),
    path("orgs/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("orgs/<int:pk>/children/", organizations.tree_children, name="tree_children"),
    path("orgs/<int:pk>/new/", organizations.organization_create, name="organization_create"),
    path("orgs/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("orgs/<int:pk>/move/", organizations.organization_move, name="organization_move"),
    path("orgs/<int:pk>/terms/new/", terms.term_create, name="term_create"),
    path("orgs/<int:pk>/elections/new/", terms.election_create, name="election_create"),
    path("orgs/elections/<int:pk>/", terms.election_detail, name="election_detail"),
    *workflow_urls(ELECTION_WORKFLOW, "orgs/elections/", "election_transition"),
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/new/", employers.employer_create, name="employer_create"),
    path("employers/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", employers.employer_edit, name="employer_edit"),
    path(
        "employers/imports/<int:pk>/changes/",
        employers.employer_import_changes,
        name="employer_import_changes",
    ),
    # the same list named by its filter (?run=N): the export's way back (core.exports)
    path(
        "employers/imports/changes/",
        employers.employer_import_change_list,
        name="employer_import_change_list",
    ),
]
