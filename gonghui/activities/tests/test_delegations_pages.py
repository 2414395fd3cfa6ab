"""Staff pages of delegations: the list with its counts, the form, the delegation's page
(counts, events, athletes, prizes) and its forms: events several at once, athletes several
at once with their events, prizes; only the district changes anything; export."""

import pytest

from gonghui.activities.models import Delegation, DelegationAthlete, DelegationPrize
from gonghui.activities.tests.delegations_helpers import GAMES, athlete, games
from gonghui.members.tests.factories import make_member

pytestmark = pytest.mark.django_db
LIST = "/activities/delegations/"


def test_the_district_creates_a_delegation_with_its_events(world, client_for):
    client = client_for(world.district_staff)
    assert client.get(f"{LIST}new/").status_code == 200
    answer = client.post(
        f"{LIST}new/",
        {
            "name": "番禺区职工代表团",
            "event_name": "广州市第八届职工运动会",
            "host": "广州市总工会",
            "year": 2013,
            "starts_on": "2013-10-01",
            "ends_on": "2013-11-30",
            "events": "\n".join(GAMES),
        },
    )
    delegation = Delegation.objects.get()
    assert answer.url == f"{LIST}{delegation.pk}/"
    assert delegation.events.count() == 13
    wrong = client.post(
        f"{LIST}new/",
        {"name": "x", "event_name": "y", "host": "z", "year": 2013, "starts_on": "2014-01-01"},
    )
    assert "开始日期应在2013年内" in wrong.content.decode()
    page = client.get(f"{LIST}{delegation.pk}/edit/").content.decode()
    assert "番禺区职工代表团" in page and 'name="events"' not in page


def test_the_page_shows_the_counts_and_lists(world, client_for):
    delegation = games(world)
    runner = athlete(delegation, make_member(world.union_a, "张一"), "田径", "游泳")
    DelegationPrize.objects.create(
        delegation=delegation,
        event=delegation.events.get(name="田径"),
        athlete=runner,
        prize="男子100米第二名",
        org_path=runner.org_path,
    )
    page = client_for(world.auditor).get(f"{LIST}{delegation.pk}/")
    html = page.content.decode()
    assert (
        "1 名" in html
        and "参加 2 个（共列 13 个）" in html
        and "1 项（个人 1 项，团体 0 项）" in html
    )
    assert 'id="delegation-events"' in html and "游泳" in html  # the first tab
    tabs = {
        tab: client_for(world.auditor).get(f"{LIST}{delegation.pk}/", {"tab": tab})
        for tab in ("athletes", "prizes")
    }
    assert "田径、游泳" in tabs["athletes"].content.decode()
    assert "男子100米第二名" in tabs["prizes"].content.decode()
    assert 'id="athletes-add"' not in html  # the auditor reads only
    listed = client_for(world.auditor).get(LIST).content.decode()
    assert delegation.name in listed
    # a town sees the district's delegation only for its own members on it, and only them
    other = games(world)
    assert client_for(world.town_a_user).get(f"{LIST}{other.pk}/").status_code == 404
    athlete(delegation, make_member(world.union_b, "李二"), "游泳")
    own = client_for(world.town_a_user).get(f"{LIST}{delegation.pk}/", {"tab": "athletes"})
    text = own.content.decode()
    assert own.status_code == 200 and "张一" in text and "李二" not in text
    assert 'id="delegation-own"' in text and 'id="athletes-add"' not in text
    assert delegation.name in client_for(world.town_a_user).get(LIST).content.decode()


def test_events_athletes_and_prizes_from_the_page(world, client_for):
    delegation = games(world, name="测试代表团")
    client = client_for(world.district_staff)
    page = client.get(f"{LIST}{delegation.pk}/").content.decode()
    assert 'id="athletes-add"' in page and 'id="prize-add"' in page
    client.post(f"{LIST}{delegation.pk}/events/", {"version": 1, "names": "趣味接力、广播体操"})
    delegation.refresh_from_db()
    assert delegation.events.count() == 15 and delegation.version == 2
    a, b = make_member(world.union_a, "张一"), make_member(world.union_b, "李二")
    swim = delegation.events.get(name="游泳")
    answer = client.post(
        f"{LIST}{delegation.pk}/athletes/",
        {"version": 2, "member_1": a.pk, "member_3": b.pk, "events": [swim.pk]},
    )
    assert answer.status_code == 302 and "#athletes" in answer.url
    assert DelegationAthlete.objects.filter(delegation=delegation).count() == 2
    stale = client.post(
        f"{LIST}{delegation.pk}/athletes/",
        {"version": 2, "member_1": make_member(world.union_a).pk},
        follow=True,
    )
    assert "该记录已被他人修改" in stale.content.decode()
    runner = DelegationAthlete.objects.get(member=a)
    client.post(
        f"{LIST}{delegation.pk}/prizes/",
        {"version": 3, "event": swim.pk, "athlete": runner.pk, "prize": "女子50米自由泳第一名"},
    )
    client.post(
        f"{LIST}{delegation.pk}/prizes/", {"version": 4, "event": swim.pk, "prize": "团体第二名"}
    )
    assert list(delegation.prizes.order_by("pk").values_list("prize", flat=True)) == [
        "女子50米自由泳第一名",
        "团体第二名",
    ]
    other = games(world)
    refused = client.post(
        f"{LIST}{delegation.pk}/prizes/",
        {"version": 5, "event": other.events.first().pk, "prize": "第一名"},
        follow=True,
    )
    assert "所选比赛项目不属于该代表团" in refused.content.decode()


def test_only_the_district_changes_a_delegation(world, client_for):
    delegation = games(world)
    for user in (world.auditor, world.town_a_user, world.chair_a):
        answer = client_for(user).post(
            f"{LIST}{delegation.pk}/events/", {"version": 1, "names": "拔河二"}
        )
        assert answer.status_code == 403
    assert client_for(world.town_a_user).get(f"{LIST}new/").status_code == 403
    assert delegation.events.count() == 13


def test_athletes_are_exported_with_the_ric_masked(
    world, client_for, django_capture_on_commit_callbacks
):
    from gonghui.core.models import Job
    from tests.stored import stored_workbook

    delegation = games(world)
    member = make_member(world.union_a, "张一")
    athlete(delegation, member, "游泳", "田径")
    client = client_for(world.district_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/activities.delegation_athletes/", {"year": 2013})
    job = Job.objects.latest("pk")
    header, *body = list(stored_workbook(job.result_file).active.values)
    row = dict(zip(header, body[0], strict=True))
    assert row["姓名"] == "张一" and row["参加项目"] == "田径、游泳"
    assert row["身份证号"] == f"****{member.ric_last4}"


def test_town_bs_delegation_stays_out_of_town_as_pages(world, client_for):
    from gonghui.activities.tests.delegations_helpers import foreign_delegation_rows

    delegation, member, row, prize = foreign_delegation_rows(world)
    town_a = client_for(world.town_a_user)
    assert town_a.get(f"{LIST}{delegation.pk}/").status_code == 404
    assert "外镇标记" not in town_a.get(LIST).content.decode()
    assert client_for(world.town_b_user).get(f"{LIST}{delegation.pk}/").status_code == 200
    assert (
        client_for(world.admin)
        .post(f"{LIST}{delegation.pk}/prizes/{prize.pk}/remove/", {"version": 1})
        .status_code
        == 302
    )
    assert not delegation.prizes.exists()


def test_the_page_reads_the_same_few_queries_for_many_athletes(
    world, client_for, django_assert_max_num_queries
):
    delegation = games(world)
    for n in range(12):
        athlete(delegation, make_member(world.union_a, f"运动员{n}"), "田径", "游泳")
    client = client_for(world.district_staff)
    url = f"{LIST}{delegation.pk}/?tab=athletes"
    client.get(url)  # the session and the menu warmed up
    with django_assert_max_num_queries(30):
        page = client.get(url)
    html = page.content.decode()
    assert html.count('class="workflow-action" id="athlete-events-a') == 12 and "运动员11" in html


def _rows(client, url, **params):
    answer = client.get(url, params)
    assert answer.status_code == 200 and answer.context["filter_form"].is_valid()
    return answer.context["page"].paginator.object_list


def test_each_tab_is_a_paged_list_with_its_filters(world, client_for):
    delegation = games(world)
    a = athlete(delegation, make_member(world.union_a, "张一"), "田径", "游泳")
    b = athlete(delegation, make_member(world.union_b, "李二"), "游泳")
    swim = delegation.events.get(name="游泳")
    mine = DelegationPrize.objects.create(
        delegation=delegation, event=swim, athlete=a, prize="金牌", org_path=a.org_path
    )
    team = DelegationPrize.objects.create(
        delegation=delegation, event=swim, prize="团体铜牌", org_path=delegation.org_path
    )
    client, url = client_for(world.admin), f"{LIST}{delegation.pk}/"
    town_a = world.town_a.pk

    def names(**params):
        return {r.member.name for r in _rows(client, url, tab="athletes", **params)}

    assert names() == {"张一", "李二"}
    assert names(org=town_a) == {"张一"}
    assert names(event=delegation.events.get(name="田径").pk) == {"张一"}
    assert names(q="李") == {"李二"}
    prizes = _rows(client, url, tab="prizes", org=town_a)
    assert set(prizes) == {mine}  # the team's prize is the district's
    assert set(_rows(client, url, tab="prizes", q="团体")) == {team}
    assert [e.name for e in _rows(client, url, tab="events", q="游")] == ["游泳"]
    town = _rows(client_for(world.town_a_user), url, tab="athletes")
    assert set(town) == {a} and b not in town
    html = client.get(url, {"tab": "athletes"}).content.decode()
    assert 'name="event"' in html and 'name="org"' in html and 'name="tab" value="athletes"' in html
    for wrong, said in (({"org": "甲"}, "范围应为组织编号"), ({"event": "abc"}, "不属于该代表团")):
        answer = client.get(url, {"tab": "prizes", **wrong})
        assert answer.status_code == 200 and said in answer.content.decode()
    assert client.get(url, {"tab": "nonsense", "page": "x"}).status_code == 200


def test_the_list_by_start_days_and_organizer(world, client_for):
    import datetime

    games(world, name="秋季代表团", starts_on=datetime.date(2013, 9, 28))
    games(world, name="春季代表团", starts_on=datetime.date(2013, 4, 1))
    town = games(world, name="镇代表团", starts_on=datetime.date(2013, 5, 1))
    Delegation.objects.filter(pk=town.pk).update(organizer=world.town_a, org_path=world.town_a.path)
    client = client_for(world.admin)

    def names(**params):
        return {d.name for d in _rows(client, LIST, **params)}

    assert names(starts_from="2013-05-01") == {"秋季代表团", "镇代表团"}
    assert names(starts_from="2013-04-01", starts_to="2013-04-30") == {"春季代表团"}
    assert names(organized_in=world.town_a.pk) == {"镇代表团"}
    html = client.get(LIST).content.decode()
    assert 'name="starts_from"' in html and 'name="organized_in"' in html
    wrong = client.get(LIST, {"starts_from": "2013-02-30"})
    assert wrong.status_code == 200 and "开始日期起应为日期" in wrong.content.decode()
    backwards = client.get(LIST, {"starts_from": "2013-05-01", "starts_to": "2013-04-01"})
    assert "开始日期止不能早于开始日期起" in backwards.content.decode()
    api = client.get("/api/v1/activities/delegations", {"starts_to": "2013-04-30"}).json()
    assert [row["name"] for row in api["items"]] == ["春季代表团"]


def test_a_town_lists_the_districts_delegation_with_its_own_athletes_only(
    world, client_for, django_capture_on_commit_callbacks
):
    from gonghui.core.models import Job
    from tests.stored import stored_workbook

    delegation = games(world)
    town_a = client_for(world.town_a_user)
    assert delegation.name not in town_a.get(LIST).content.decode()  # nobody of theirs on it
    mine = athlete(delegation, make_member(world.union_a, "张一"), "游泳")
    theirs = athlete(delegation, make_member(world.union_b, "李二"), "田径")
    for who in (mine, theirs):
        DelegationPrize.objects.create(
            delegation=delegation,
            event=who.events.get(),
            athlete=who,
            prize="第一名",
            org_path=who.org_path,
        )
    listed = town_a.get(LIST).context["page"].object_list
    assert [(d.pk, d.athlete_count, d.prize_count) for d in listed] == [(delegation.pk, 1, 1)]
    whole = client_for(world.district_staff).get(LIST).context["page"].object_list
    assert [(d.athlete_count, d.prize_count) for d in whole] == [(2, 2)]
    # the export lists their own athletes only
    town_a = client_for(world.town_a_user)  # one client, logged in as each user in turn
    with django_capture_on_commit_callbacks(execute=True):
        town_a.post("/exports/activities.delegation_athletes/", {"year": 2013})
    header, *body = list(stored_workbook(Job.objects.latest("pk").result_file).active.values)
    assert [dict(zip(header, row, strict=True))["姓名"] for row in body] == ["张一"]
