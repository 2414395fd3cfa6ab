"""The home page as a to-do inbox (issue #10): each role's lines, their counts within scope
and permission, the list behind each link, the top bar's badge, a lawyer's own cases."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from gonghui.core.registry import (
    Todo,
    register_todo,
    registry,
    todo_badge,
    todo_url,
    todos_for,
)
from gonghui.members.choices import TransferState
from gonghui.members.models import Transfer
from gonghui.members.workflow import TRANSFER_WORKFLOW

from .inbox_rows import (
    EXPECTED,
    IMPORTS,
    TERMS_OVERDUE,
    TRANSFERS,
    UNREAD,
)

PERSONAS = sorted(EXPECTED)


def _counts(user) -> dict[str, int]:
    return {todo.name: count for todo, count, _ in todos_for(user)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_finds_what_waits_for_it_in_its_scope(world, inbox, persona):
    # town B's rows never count for town A (and the reverse); a role without a to-do's
    # permission has no line for it; nothing waiting, no line
    assert _counts(getattr(world, persona)) == EXPECTED[persona]


def _listed(response, todo_name: str) -> int:
    """How many rows the list behind a to-do's link shows."""
    context = response.context
    if todo_name.startswith("orgs.terms"):
        shown = context["overdue"] if todo_name == TERMS_OVERDUE else context["due_soon"]
        hidden = context["due_soon"] if todo_name == TERMS_OVERDUE else context["overdue"]
        assert hidden == [], "the terms page shows the other list too"
        return len(shown)
    return context["page"].paginator.count


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_link_opens_a_list_of_exactly_those_rows(world, inbox, client_for, persona):
    user = getattr(world, persona)
    client = client_for(user)
    for todo, count, url in todos_for(user):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _listed(response, todo.name) == count, f"{persona}: {url}"


def test_import_todo_counts_only_the_users_finished_runs_with_rejected_rows(
    world, inbox, client_for
):
    from gonghui.core.todos import imports_with_errors

    runs = list(imports_with_errors(world.town_a_user))
    assert [r.rejected for r in runs] == [3]
    # the list its link opens shows exactly that run
    page = client_for(world.town_a_user).get(todo_url(registry["todos"][IMPORTS], None))
    assert list(page.context["page"]) == runs


@pytest.mark.parametrize("persona", ["admin", "town_a_user", "chair_a", "town_b_user"])
def test_transfers_to_decide_are_those_the_workflow_offers_to_approve(world, inbox, persona):
    user = getattr(world, persona)
    from gonghui.members.queries import transfers_to_decide

    counted = set(transfers_to_decide(user=user).values_list("pk", flat=True))
    requested = Transfer.objects.visible_to(user, "members.view").filter(
        state=TransferState.REQUESTED
    )
    offered = {
        t.pk
        for t in requested.select_related("from_union", "to_union")
        if "approve" in {a.name for a in TRANSFER_WORKFLOW.available(t, user)}
    }
    assert counted == offered and len(counted) == EXPECTED[persona][TRANSFERS]


def test_home_page_shows_the_inbox_first_with_counts_and_links(world, inbox, client_for):
    body = client_for(world.town_a_user).get("/").content.decode()
    inbox_html = body[body.index('id="inbox"') : body.index("</section>")]
    for todo, count, url in todos_for(world.town_a_user):
        line = re.search(rf'data-todo="{re.escape(todo.name)}">(.*?)</li>', inbox_html, re.S)
        assert line, todo.name
        assert f'href="{url}"' in line.group(1).replace("&amp;", "&")
        assert f'class="todo-count">{count}<' in line.group(1)
        assert todo.label in line.group(1)
    # the inbox comes before the widgets (the town's figures)
    assert body.index('id="inbox"') < body.index('id="widget-orgs.counts"')
    # past a limit reads as urgent
    assert 'class="todo urgent" data-todo="rights.cases_overdue"' in body


BADGE = '<a class="todo-badge urgent" id="todo-badge" href="/#inbox"'
SLOT = 'id="todo-badge-slot" hx-get="/todos/badge/" hx-trigger="load"'


def test_top_bar_badge_totals_the_todos_on_every_page(world, inbox, client_for):
    client = client_for(world.town_a_user)
    expected = sum(n for name, n in EXPECTED["town_a_user"].items() if name != UNREAD)
    total = f'<span class="badge" id="todo-count">{expected}</span>'
    # the home page shows it from its own counts
    home = client.get("/").content.decode()
    assert BADGE in home and total in home and SLOT not in home
    # every other page loads it after it is shown
    for url in ("/members/", "/notifications/", "/rights/cases/"):
        page = client.get(url).content.decode()
        assert SLOT in page and 'id="todo-count"' not in page, url
    badge = client.get("/todos/badge/").content.decode()
    assert BADGE in badge and total in badge
    # the unread notifications keep their own badge, not counted in this one
    assert '<span class="badge" id="unread-count">2</span>' in page


def test_no_badge_when_nothing_waits(world, client, client_for):
    auditor = client_for(world.auditor)
    assert 'id="inbox-empty"' in auditor.get("/").content.decode()
    assert auditor.get("/todos/badge/").content.decode().strip() == ""
    client.logout()  # logged out in between: nothing, not the login page in the top bar
    response = client.get("/todos/badge/")
    assert response.status_code == 200 and response.content == b""


def test_no_badge_slot_while_the_password_must_be_changed(world, client_for):
    type(world.chair_a).objects.filter(pk=world.chair_a.pk).update(password_changed_at=None)
    page = client_for(world.chair_a).get("/accounts/password/", follow=True).content.decode()
    assert "todo-badge" not in page


def _queries_on(captured, table: str) -> int:
    return sum(f'"{table}"' in q["sql"] for q in captured.captured_queries)


TODO_TABLES = {
    "members_transfer": 1,
    "members_joiningapplication": 1,
    "orgs_term": 2,
    "rights_case": 2,
    "importing_importrun": 1,
}


def test_each_todo_is_counted_once_and_never_for_a_role_without_it(world, inbox, client_for):
    client = client_for(world.town_a_user)
    # the home page counts each to-do once and its badge from the same counts
    with CaptureQueriesContext(connection) as home:
        client.get("/")
    assert {table: _queries_on(home, table) for table in TODO_TABLES} == TODO_TABLES
    # another page counts none (its badge comes after), the badge each once
    with CaptureQueriesContext(connection) as other:
        client.get("/orgs/")
    assert not any(_queries_on(other, table) for table in TODO_TABLES)
    with CaptureQueriesContext(connection) as badge:
        client.get("/todos/badge/")
    assert {table: _queries_on(badge, table) for table in TODO_TABLES} == TODO_TABLES
    # the lawyer's role has no transfer, joining, term or import permission: never counted
    lawyer = client_for(world.lawyer_a)
    with CaptureQueriesContext(connection) as captured:
        lawyer.get("/")
        lawyer.get("/todos/badge/")
    for table in ("members_transfer", "members_joiningapplication", "orgs_term"):
        assert _queries_on(captured, table) == 0, table
    assert _queries_on(captured, "importing_importrun") == 0


def test_lawyers_home_is_their_cases_by_deadline(world, inbox, client_for):
    body = client_for(world.lawyer_a).get("/").content.decode()
    widget = body[body.index('id="widget-rights.my_cases"') :]
    assert "我的案件（3）" in widget
    numbers = re.findall(r"WQ2026-\d{4}", widget)
    # nearest limit first: 5 days late, due tomorrow, in 20 days; not the town's other cases
    assert numbers == ["WQ2026-0002", "WQ2026-0003", "WQ2026-0004"]
    assert "已超期 5 天" in widget and "剩余 1 天" in widget and "剩余 20 天" in widget
    assert "办理中" in widget and "已交办" in widget
    # no town totals: the organization figures are not the lawyer's
    assert 'id="widget-orgs.counts"' not in body and "基层工会" not in body
    # the inbox has the lawyer's own to-dos
    assert (
        'data-todo="rights.cases_overdue"' in body and 'data-todo="rights.cases_due_soon"' in body
    )


def test_staff_have_no_my_cases_widget(world, inbox, client_for):
    body = client_for(world.town_a_user).get("/").content.decode()
    assert 'id="widget-rights.my_cases"' not in body


def test_case_list_due_soon_filter(world, inbox, client_for):
    page = client_for(world.town_a_user).get("/rights/cases/?due=soon")
    assert [c.number for c in page.context["page"]] == ["WQ2026-0003"]
    page = client_for(world.town_a_user).get("/rights/cases/?due=overdue")
    assert {c.number for c in page.context["page"]} == {"WQ2026-0001", "WQ2026-0002"}


def test_terms_page_shows_one_list_when_asked(world, inbox, client_for):
    client = client_for(world.town_a_user)
    both = client.get("/orgs/terms/").content.decode()
    assert 'id="terms-overdue"' in both and 'id="terms-due-soon"' in both
    overdue = client.get("/orgs/terms/?due=overdue").content.decode()
    assert 'id="terms-overdue"' in overdue and 'id="terms-due-soon"' not in overdue
    soon = client.get("/orgs/terms/?due=soon").content.decode()
    assert 'id="terms-due-soon"' in soon and 'id="terms-overdue"' not in soon
    assert "丙公司工会委员会" in soon and "甲公司工会委员会" not in soon


def test_notifications_unread_filter(world, inbox, client_for):
    client = client_for(world.town_a_user)
    unread = client.get("/notifications/?unread=1")
    assert [n.read_at for n in unread.context["page"]] == [None, None]
    assert client.get("/notifications/").context["page"].paginator.count == 3


def test_transfer_list_decide_filter_only_for_those_who_may_decide(world, inbox, client_for):
    url = "/members/transfers/?state=requested&decide=1"
    assert client_for(world.chair_a).get(url).context["page"].paginator.count == 1
    # the district's auditor sees all five transfers but decides none
    assert client_for(world.auditor).get(url).context["page"].paginator.count == 0
    everything = client_for(world.auditor).get("/members/transfers/")
    assert everything.context["page"].paginator.count == 5


def test_every_registered_todo_is_whole():
    from gonghui.core.registry import registry as reg

    assert reg["todos"], "the apps register their to-dos"
    for todo in reg["todos"].values():
        assert todo.permission is None or todo.permission in reg["permissions"], todo.name
        assert todo.tone in ("normal", "urgent")
        if isinstance(todo.url, str):
            try:
                todo_url(todo, None)
            except NoReverseMatch as exc:  # pragma: no cover - the message says which
                raise AssertionError(f"{todo.name}: {todo.url} does not resolve") from exc


def test_a_todo_link_may_be_made_per_user_and_a_bad_tone_is_refused(world):
    store = registry["todos"]
    saved = dict(store)
    try:
        store.clear()
        register_todo(
            Todo(
                "test.mine",
                "我的",
                None,
                count=lambda user: 2,
                url=lambda user: f"/orgs/{user.organization_id}/",
                tone="urgent",
            )
        )
        register_todo(Todo("test.none", "没有", None, count=lambda user: 0, url="orgs:tree"))
        entries = todos_for(world.chair_a)
        assert [(t.name, n, u) for t, n, u in entries] == [
            ("test.mine", 2, f"/orgs/{world.union_a.pk}/")
        ]
        assert todo_badge(entries).total == 2 and todo_badge(entries).urgent
        with pytest.raises(ValueError):
            register_todo(Todo("test.bad", "坏", None, count=lambda u: 1, url="x", tone="loud"))
    finally:
        store.clear()
        store.update(saved)
