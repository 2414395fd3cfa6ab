"""The registry's pages: the list and its filters in scope, a model worker's page (honor,
other honors, benefits in force, studios led, care grants and the prefilled application
links, history), entering one of earlier years, a confirmed state change, benefits."""

import datetime
from decimal import Decimal

import pytest

from gonghui.assistance.choices import Eligibility
from gonghui.assistance.tests.factories import make_grant, make_program
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.merit.choices import BenefitKind, Level
from gonghui.merit.models import ModelWorker, ModelWorkerBenefit
from gonghui.merit.services import workers as services
from gonghui.merit.tests.factories import make_honor, make_honor_type, make_studio

pytestmark = pytest.mark.django_db
LIST = "/merit/model-workers/"


@pytest.fixture
def registry(world):
    medal = make_honor_type("全国五一劳动奖章", level=Level.NATIONAL, confers_model_worker=True)
    member = make_member(world.union_a, name="王锐祥", employer=world.employer_a)
    wang = services.model_worker_record(
        actor=world.admin, honor_type=medal, year=2013, member=member
    )
    city = make_honor_type("广州市劳动模范", level=Level.CITY, confers_model_worker=True)
    li = services.model_worker_record(
        actor=world.admin, honor_type=city, year=2010, name="李南村", ric=new_ric(),
        employer=world.employer_b,
    )  # fmt: skip
    return {"medal": medal, "city": city, "wang": wang, "li": li, "member": member}


def names(response) -> list[str]:
    return [w.name for w in response.context["page"]]


def test_the_list_in_each_scope(world, registry, client_for):
    assert names(client_for(world.admin).get(LIST)) == ["王锐祥", "李南村"]
    assert names(client_for(world.town_a_user).get(LIST)) == ["王锐祥"]
    assert names(client_for(world.chair_a).get(LIST)) == ["王锐祥"]
    body = client_for(world.town_b_user).get(LIST).content.decode()
    assert "李南村" in body and "王锐祥" not in body
    assert "登记往年劳模" not in body  # the district enters them


@pytest.mark.parametrize(
    "query, expected",
    [
        ("level=national", ["王锐祥"]),
        ("year=2010", ["李南村"]),
        ("q=李南", ["李南村"]),
        ("state=active", ["王锐祥", "李南村"]),
        ("state=retired", []),
    ],
)
def test_filters(world, registry, client_for, query, expected):
    assert names(client_for(world.admin).get(f"{LIST}?{query}")) == expected


def test_filters_by_town_org_and_member(world, registry, client_for):
    admin = client_for(world.admin)
    assert names(admin.get(f"{LIST}?town={world.town_b.pk}")) == ["李南村"]
    assert names(admin.get(f"{LIST}?org={world.union_a.pk}")) == ["王锐祥"]
    assert names(admin.get(f"{LIST}?member={registry['member'].pk}")) == ["王锐祥"]
    town_a = client_for(world.town_a_user)
    assert names(town_a.get(f"{LIST}?org={world.town_b.pk}")) == []  # not theirs: nothing


def test_a_bad_filter_is_said_and_the_list_shows_unfiltered(world, registry, client_for):
    response = client_for(world.admin).get(f"{LIST}?year=abc")
    assert response.status_code == 200 and "获评年度须为四位数字年份" in response.content.decode()
    assert len(names(response)) == 2


def test_the_detail_page(world, registry, client_for):
    wang = registry["wang"]
    district_honor = make_honor_type("区优秀工会积极分子")
    make_honor(district_honor, world.union_a, "王锐祥", year=2011, member=registry["member"])
    ModelWorkerBenefit.objects.create(
        level=Level.NATIONAL, kind=BenefitKind.ALLOWANCE, amount=Decimal("500"),
        effective_from=datetime.date(2012, 1, 1),
    )  # fmt: skip
    studio = make_studio(
        world.employer_a, "王锐祥声学创新工作室", leader=wang, leader_name="王锐祥"
    )
    program = make_program(
        world.district, code="model_worker_condolence", year=datetime.date.today().year,
        name="劳模节日慰问", eligibility=Eligibility.MODEL_WORKER,
    )  # fmt: skip
    grant = make_grant(program, world.union_a, member=registry["member"], name="王锐祥")
    body = client_for(world.admin).get(f"{LIST}{wang.pk}/").content.decode()
    assert "全国五一劳动奖章" in body and "2011年 区优秀工会积极分子" in body
    assert "每月 500.00 元" in body
    assert studio.name in body and grant.number in body
    apply_url = f"/assistance/programs/{program.pk}/apply/?union={world.union_a.pk}"
    assert apply_url in body and f"member={registry['member'].pk}" in body
    assert "登记慰问/体检" in body and "劳模入册" in body  # the history


def test_the_prefilled_application_opens_with_the_member(world, registry, client_for):
    program = make_program(world.district, year=datetime.date.today().year)
    member = registry["member"]
    url = f"/assistance/programs/{program.pk}/apply/?union={world.union_a.pk}&member={member.pk}&reason=劳模体检"
    form = client_for(world.admin).get(url).context["form"]
    assert form.initial["member"] == str(member.pk) and form["member"].value() == "王锐祥"
    assert form["union"].value() == world.union_a.name and "劳模体检" in str(form["reason"])


def test_another_towns_model_worker_is_not_found(world, registry, client_for):
    assert client_for(world.town_a_user).get(f"{LIST}{registry['li'].pk}/").status_code == 404


def test_entering_a_model_worker_of_earlier_years(world, registry, client_for):
    client = client_for(world.admin)
    assert "登记往年劳模" in client.get(f"{LIST}new/").content.decode()
    member = make_member(world.union_b, name="陈工")
    response = client.post(
        f"{LIST}new/", {"honor_type": registry["city"].pk, "year": 2008, "member": member.pk}
    )
    worker = ModelWorker.objects.get(member=member)
    assert response.status_code == 302 and response.url == f"{LIST}{worker.pk}/"
    assert Member.objects.get(pk=member.pk).is_model_worker


def test_bad_input_on_the_form_is_said_at_the_field(world, registry, client_for):
    client = client_for(world.admin)
    response = client.post(
        f"{LIST}new/", {"honor_type": registry["city"].pk, "year": "abc", "name": "某人"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "获评年度应为四位数字年份" in body
    response = client.post(
        f"{LIST}new/",
        {"honor_type": registry["city"].pk, "year": 2008, "name": "某人", "ric": "12"},
    )
    assert "身份证" in response.context["form"].errors["ric"][0]
    assert ModelWorker.objects.count() == 2


def test_the_form_is_the_districts(world, client_for):
    assert client_for(world.town_a_user).get(f"{LIST}new/").status_code == 403


def test_a_state_change_from_the_page(world, registry, client_for):
    wang, client = registry["wang"], client_for(world.admin)
    page = client.get(f"{LIST}{wang.pk}/").content.decode()
    assert "model-worker-state-change" in page and "data-confirm" in page
    client.post(f"{LIST}{wang.pk}/state/", {"state": "revoked", "version": wang.version})
    assert ModelWorker.objects.get(pk=wang.pk).state == "active"  # no reason: refused
    client.post(
        f"{LIST}{wang.pk}/state/",
        {"state": "revoked", "version": wang.version, "reason": "穗工〔2026〕1号"},
    )
    assert ModelWorker.objects.get(pk=wang.pk).state == "revoked"
    assert not Member.objects.get(pk=registry["member"].pk).is_model_worker
    page = client.get(f"{LIST}{wang.pk}/").content.decode()
    assert "已撤销" in page and "不再享受以下待遇" in page


def test_benefit_pages(world, client_for):
    client = client_for(world.admin)
    data = {"level": "city", "kind": "allowance", "amount": "300", "effective_from": "2013-01-01"}
    assert client.post("/merit/benefits/new/", data).status_code == 302
    row = ModelWorkerBenefit.objects.get()
    body = client.get("/merit/benefits/?level=city").content.decode()
    assert "每月 300.00 元" in body and "现行" in body
    response = client.post(
        f"/merit/benefits/{row.pk}/edit/", {**data, "amount": "", "version": row.version}
    )
    assert "须填写大于0的金额" in response.content.decode()
    client.post(
        f"/merit/benefits/{row.pk}/edit/", {**data, "amount": "350", "version": row.version}
    )
    assert ModelWorkerBenefit.objects.get().amount == Decimal("350.00")
    assert client_for(world.town_a_user).get("/merit/benefits/new/").status_code == 403
    assert (
        "每月 350.00 元" in client_for(world.town_a_user).get("/merit/benefits/").content.decode()
    )


def test_the_model_worker_picker_answers_in_scope(world, registry, client_for):
    found = client_for(world.town_a_user).get("/merit/suggest/model-workers/?q=王").json()
    assert [r["name"] for r in found["results"]] == ["王锐祥"]
    found = client_for(world.town_b_user).get("/merit/suggest/model-workers/?q=王").json()
    assert found["results"] == []


def test_the_menu_has_the_registry_and_studios(world, client_for):
    body = client_for(world.chair_a).get(LIST).content.decode()
    assert 'href="/merit/model-workers/"' in body and 'href="/merit/studios/"' in body


def test_the_member_page_shows_the_flag_as_a_link_to_the_registry(world, registry, client_for):
    member = registry["member"]
    body = client_for(world.admin).get(f"/members/{member.pk}/").content.decode()
    assert f'href="/merit/model-workers/?member={member.pk}"' in body


def test_the_export_has_the_filtered_rows(
    world, registry, client_for, django_capture_on_commit_callbacks
):
    from gonghui.core.exports import list_export_spec

    spec = list_export_spec("merit.model_workers")
    rows = list(spec.rows(world.town_a_user, {}))
    assert [w.name for w in rows] == ["王锐祥"]
    cells = [c.value(rows[0]) for c in spec.columns]
    assert "王锐祥" in cells and "全国五一劳动奖章" in cells and registry["member"].ric not in cells


def test_the_pages_on_a_phone_sized_list_are_cards_or_scroll(world, registry, client_for):
    """Every table of these pages sits in a scrolling box (the 390 px layout's rule)."""
    client = client_for(world.admin)
    for url in (LIST, f"{LIST}{registry['wang'].pk}/", "/merit/benefits/"):
        body = client.get(url).content.decode()
        assert body.count("<table") == body.count('class="table-responsive"')


def test_filters_standing_and_year_to(world, registry, client_for):
    from gonghui.merit.choices import ModelWorkerState

    ModelWorker.objects.filter(pk=registry["li"].pk).update(state=ModelWorkerState.RETIRED)
    gone = services.model_worker_record(
        actor=world.admin, honor_type=registry["city"], year=2005, name="赵已故", ric=new_ric(),
        employer=world.employer_b,
    )  # fmt: skip
    ModelWorker.objects.filter(pk=gone.pk).update(state=ModelWorkerState.DECEASED)
    admin = client_for(world.admin)
    assert names(admin.get(f"{LIST}?standing=yes")) == ["王锐祥", "李南村"]  # retired counts
    assert names(admin.get(f"{LIST}?standing=no")) == ["赵已故"]
    assert names(admin.get(f"{LIST}?year_to=2010")) == ["李南村", "赵已故"]
    assert names(admin.get(f"{LIST}?standing=yes&year_to=2012")) == ["李南村"]
    bad = admin.get(f"{LIST}?year_to=abc")
    assert bad.status_code == 200
    assert "获评年度（止）须为四位数字年份" in bad.content.decode() and len(names(bad)) == 3
    bad = admin.get(f"{LIST}?standing=maybe")
    assert bad.status_code == 200 and "「是否在册」只能选" in bad.content.decode()
    body = admin.get(LIST).content.decode()
    assert 'name="standing"' in body and 'name="year_to"' in body
    from gonghui.core.exports import list_export_spec

    rows = list_export_spec("merit.model_workers").rows(world.admin, {"standing": "no"})
    assert [w.name for w in rows] == ["赵已故"]
    api = admin.get("/api/v1/merit/model-workers?standing=true&year_to=2012")
    assert api.status_code == 200 and [w["name"] for w in api.json()["items"]] == ["李南村"]
