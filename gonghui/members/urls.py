from django.urls import path

from .views import joining, members, portal, transfers

app_name = "members"
urlpatterns = [
    path("members/", members.member_list, name="member_list"),
    path("members/new/", members.member_create, name="member_create"),
    path("members/export/", members.member_export, name="member_export"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", members.member_edit, name="member_edit"),
    path("members/<int:pk>/reveal/", members.member_reveal, name="member_reveal"),
    path("members/<int:pk>/retain/", members.member_retain, name="member_retain"),
    path("members/<int:pk>/leave/", members.member_leave, name="member_leave"),
    path("members/<int:pk>/restore/", members.member_restore, name="member_restore"),
    path("members/<int:pk>/transfer/", transfers.transfer_out, name="transfer_out"),
    path("members/transfers/", transfers.transfer_list, name="transfer_list"),
    path("members/transfers/new/", transfers.transfer_in, name="transfer_in"),
    path("members/transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path(
        "members/transfers/<int:pk>/approve/", transfers.transfer_approve, name="transfer_approve"
    ),
    path("members/transfers/<int:pk>/reject/", transfers.transfer_reject, name="transfer_reject"),
    path("members/transfers/<int:pk>/cancel/", transfers.transfer_cancel, name="transfer_cancel"),
    path("members/joining/", joining.joining_list, name="joining_list"),
    path("members/joining/<int:pk>/", joining.joining_detail, name="joining_detail"),
    path("members/joining/<int:pk>/approve/", joining.joining_approve, name="joining_approve"),
    path("members/joining/<int:pk>/reject/", joining.joining_reject, name="joining_reject"),
    path("m/join/", portal.join, name="join"),
    path("m/join/done/", portal.join_done, name="join_done"),
    path("m/join/status/", portal.join_status, name="join_status"),
]
