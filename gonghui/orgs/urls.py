from django.urls import path

from gonghui.core.workflow_views import workflow_urls

from .elections import ELECTION_WORKFLOW
from .views import certificates, employers, formation, organizations, suggest, terms
from .workflow_certificates import CERTIFICATE_REQUEST_WORKFLOW

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
    # formation (ORG-3)
    path("formation/", formation.targets, name="formation_targets"),
    path("formation/contacts/", formation.contacts, name="formation_contacts"),
    path("formation/foundings/", formation.foundings, name="formation_foundings"),
    path("formation/setting/", formation.setting, name="formation_setting"),
    path("employers/<int:pk>/formation/", formation.employer_formation, name="employer_formation"),
    # legal-person certificates (ORG-4)
    path("certificates/", certificates.certificate_list, name="certificate_list"),
    path("certificates/without/", certificates.without, name="certificate_without"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path("certificates/requests/", certificates.request_list, name="certificate_request_list"),
    path(
        "certificates/requests/<int:pk>/",
        certificates.request_detail,
        name="certificate_request_detail",
    ),
    path(
        "certificates/requests/<int:pk>/documents/",
        certificates.request_documents_add,
        name="certificate_documents_add",
    ),
    path(
        "certificates/requests/<int:pk>/documents/<int:document_pk>/",
        certificates.document_download,
        name="certificate_document",
    ),
    *workflow_urls(
        CERTIFICATE_REQUEST_WORKFLOW, "certificates/requests/", "certificate_request_transition"
    ),
    path("orgs/<int:pk>/certificate/apply/", certificates.request_create, name="certificate_apply"),
]
