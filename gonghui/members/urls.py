from django.urls import path

from gonghui.core.workflow_views import workflow_urls

from .views import joining, members, portal, suggest, transfers
from .workflow import JOINING_WORKFLOW, MEMBER_WORKFLOW, TRANSFER_WORKFLOW

app_name = "members"
urlpatterns = [
    path("members/", members.member_list, name="member_list"),
    path("members/new/", members.member_create, name="member_create"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("members/<int:pk>/reveal/", members.member_reveal, name="member_reveal"),
    path("members/<int:pk>/transfer/", transfers.transfer_out, name="transfer_out"),
    # After the member's own pages: members/<pk>/retain/, leave/, restore/.
    *workflow_urls(MEMBER_WORKFLOW, "members/", "member_transition"),
    path("members/transfers/", transfers.transfer_list, name="transfer_list"),
    path("members/transfers/new/", transfers.transfer_in, name="transfer_in"),
    path("suggest/members/", suggest.members, name="suggest_members"),
    path(
        "suggest/transfer-unions/",
        suggest.transfer_unions,
        name="suggest_transfer_unions",
    ),
    path("members/transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    # members/transfers/<pk>/approve/, reject/, cancel/
    *workflow_urls(TRANSFER_WORKFLOW, "members/transfers/", "transfer_transition"),
    path("members/joining/", joining.joining_list, name="joining_list"),
    path("members/joining/<int:pk>/", joining.joining_detail, name="joining_detail"),
    # members/joining/<pk>/approve/, reject/
    *workflow_urls(JOINING_WORKFLOW, "members/joining/", "joining_transition"),
    path("m/join/", portal.join, name="join"),
    path("m/join/done/", portal.join_done, name="join_done"),
    path("m/join/status/", portal.join_status, name="join_status"),
]
