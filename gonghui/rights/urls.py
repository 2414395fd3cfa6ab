from django.urls import path
from django.views.generic import RedirectView

from gonghui.core.workflow_views import workflow_urls

from .views import cases, portal, records, stats
from .workflow import CASE_WORKFLOW

app_name = "rights"
urlpatterns = [
    path("rights/cases/", cases.case_list, name="case_list"),
    path("rights/cases/new/", cases.case_create, name="case_create"),
    path("rights/cases/due/", cases.cases_due, name="cases_due"),
    path("rights/cases/due/check/", cases.overdue_check, name="overdue_check"),
    path("rights/cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("rights/cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("rights/cases/<int:pk>/notes/", cases.case_note, name="case_note"),
    path("rights/cases/<int:pk>/parties/", cases.case_party, name="case_party"),
    path("rights/cases/<int:pk>/merge/", cases.case_merge, name="case_merge"),
    path("rights/cases/<int:pk>/review/", cases.case_review, name="case_review"),
    path(
        "rights/cases/<int:pk>/attachments/<int:attachment_pk>/",
        cases.attachment_download,
        name="attachment",
    ),
    # After the pages above: `rights/cases/<pk>/<action>/` would otherwise take "edit",
    # "notes", "parties", "merge" and "review" for transition names.
    *workflow_urls(CASE_WORKFLOW, "rights/cases/", "case_transition"),
    path("rights/panel/", records.panel, name="panel"),
    path("rights/stations/new/", records.station_create, name="station_create"),
    path("rights/firms/new/", records.firm_create, name="firm_create"),
    path("rights/lawyers/new/", records.lawyer_create, name="lawyer_create"),
    path("rights/stations/<int:pk>/edit/", records.station_edit, name="station_edit"),
    path("rights/firms/<int:pk>/edit/", records.firm_edit, name="firm_edit"),
    path("rights/lawyers/<int:pk>/edit/", records.lawyer_edit, name="lawyer_edit"),
    path("rights/events/", records.event_list, name="event_list"),
    path("rights/events/new/", records.event_create, name="event_create"),
    path("rights/events/<int:pk>/", records.event_detail, name="event_detail"),
    path("rights/events/<int:pk>/edit/", records.event_edit, name="event_edit"),
    path("rights/stats/", stats.stats, name="stats"),
    # Notifications are core's now (core.notify); the old address still leads there.
    path(
        "rights/notifications/",
        RedirectView.as_view(pattern_name="core:notifications"),
        name="notifications",
    ),
    path("m/complaint/", portal.complaint_new, name="complaint_new"),
    path("m/complaint/track/", portal.complaint_track, name="complaint_track"),
    path("m/complaint/feedback/", portal.complaint_feedback, name="complaint_feedback"),
]
