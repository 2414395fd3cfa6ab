"""No input gives a server error, and bad values are refused the same way on every path
(issue #11): each request below gave a 500 or stored a value it should have refused."""

import datetime

import pytest

from gonghui.accounts.services import token_create
from gonghui.core.clock import today
from gonghui.core.ids import uscc_with_check
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization
from gonghui.rights.models import Case

pytestmark = pytest.mark.django_db

HUGE = 10**22
RIC = "440113199001011239"
USCC = uscc_with_check("91440113MA5CXXXX0")


@pytest.fixture
def api(world, client):
    _token, key = token_create(user=world.district_staff, name="bad-input")

    def call(method: str, path: str, body=None, **extra):
        send = getattr(client, method)
        return send(
            f"/api/v1{path}",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
            **extra,
        )

    return call


def _refused(response, field: str | None = None) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    text = str(data)
    assert "Field required" not in text and "Input should" not in text, text
    if field is not None:
        fields = {data.get("field")} | {e.get("field") for e in data.get("errors", [])}
        assert field in fields, data
    return data


def _case(world, **changes) -> dict:
    body = {
        "kind": "petition",
        "channel": "visit",
        "received_on": today().isoformat(),
        "subject": "wages",
        "summary": "欠薪",
        "town_id": world.town_a.pk,
        "contact_name": "赵代表",
    }
    return body | changes


def _employer(world, **changes) -> dict:
    body = {
        "name": "丙科技有限公司",
        "uscc": USCC,
        "ownership": "private",
        "industry": "C",
        "headcount": 10,
        "town_id": world.town_a.pk,
    }
    return body | changes


def _member(world, **changes) -> dict:
    body = {
        "name": "王小明",
        "union_id": world.union_a.pk,
        "ric": RIC,
        "joined_on": "2020-01-01",
    }
    return body | changes


@pytest.mark.parametrize("field", ["workers_involved", "visitors"])
def test_a_huge_count_on_a_case_is_refused(world, api, field):
    body = _case(world, visitors=1, workers_involved=HUGE) | {field: HUGE}
    _refused(api("post", "/rights/cases", body), field)
    assert not Case.objects.exists()


def test_a_huge_headcount_is_refused(world, api):
    _refused(api("post", "/employers", _employer(world, headcount=HUGE)), "headcount")


def test_an_unknown_kind_of_organization_is_refused(world, api):
    body = {"parent_id": world.town_a.pk, "name": "丁工会", "kind": "galaxy"}
    _refused(api("post", "/orgs", body), "kind")
    assert not Organization.objects.filter(name="丁工会").exists()


def test_an_unknown_sex_is_refused(world, api):
    _refused(api("post", "/members", _member(world, sex="X")), "sex")
    assert not Member.objects.exists()


@pytest.mark.parametrize("path", ["/orgs/{}", "/members/{}", "/rights/cases/{}", "/jobs/{}"])
def test_a_huge_id_in_the_path_is_not_found(world, api, path):
    assert api("get", path.format(HUGE)).status_code == 404


def test_a_huge_id_in_the_body_is_refused(world, api):
    _refused(api("post", "/members", _member(world, union_id=HUGE)), "union_id")


@pytest.mark.parametrize("path", ["/orgs", "/members", "/rights/cases", "/employers", "/audit"])
def test_a_huge_page_number_is_refused_or_empty(world, api, path):
    response = api("get", f"{path}?page={10**25}")
    assert response.status_code in (200, 422), response.content[:300]


def test_a_body_that_cannot_be_parsed_is_told_in_chinese(world, api):
    data = _refused(api("post", "/members", "{not json"))
    assert "Cannot parse" not in str(data)


def test_an_oversized_body_is_refused_as_json(world, api):
    huge = {"text": "长" * (3 * 1024 * 1024)}
    response = api("post", f"/rights/cases/{HUGE}/notes", huge)
    assert response.status_code == 413 and response["Content-Type"].startswith("application/json")
    assert "太大" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/employers", {"address": "地" * 5000}, "address"),
        ("/employers", {"name": "公司\x00名"}, "name"),
    ],
)
def test_text_that_cannot_be_stored_exactly_is_refused(world, api, path, body, field):
    _refused(api("post", path, _employer(world, **body)), field)
    assert not Employer.objects.filter(uscc=USCC).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("ownership", "alien"), ("industry", "ZZ")],
)
def test_an_invalid_code_is_not_stored(world, api, field, value):
    _refused(api("post", "/employers", _employer(world, **{field: value})), field)


@pytest.mark.parametrize(("field", "value"), [("form", "nonsense"), ("women_org", "x")])
def test_an_invalid_union_code_is_not_stored(world, api, field, value):
    body = {"parent_id": world.town_a.pk, "name": "戊工会", "kind": "grassroots", field: value}
    _refused(api("post", "/orgs", body), field)


def test_a_member_name_with_digits_is_refused_as_the_import_refuses_it(world, api):
    _refused(api("post", "/members", _member(world, name="王小明2")), "name")


def test_a_case_received_in_1900_is_refused(world, api):
    _refused(api("post", "/rights/cases", _case(world, received_on="1900-01-01")), "received_on")


def test_an_organization_founded_next_year_is_refused(world, api):
    next_year = (today() + datetime.timedelta(days=400)).isoformat()
    body = {
        "parent_id": world.town_a.pk,
        "name": "己工会",
        "kind": "grassroots",
        "established_on": next_year,
    }
    _refused(api("post", "/orgs", body), "established_on")


def test_an_amount_with_three_decimals_is_refused_not_rounded(world, api):
    _refused(api("post", "/rights/cases", _case(world, amount_claimed="1.005")), "amount_claimed")


def test_a_case_employer_name_too_long_is_refused_not_cut(world, api):
    body = _case(world, employer_name="厂" * 2000)
    _refused(api("post", "/rights/cases", body), "employer_name")
    assert not Case.objects.exists()


def test_a_nul_in_a_query_is_refused_on_the_api_and_the_pages(world, api, client):
    data = _refused(api("get", "/members?name=王%00"))
    assert "控制字符" in data["detail"]
    client.force_login(world.town_a_user)
    page = client.get("/members/?name=王%00")
    assert page.status_code == 400 and "控制字符" in page.content.decode()


def test_a_bad_host_header_is_refused_as_json_on_the_api_and_a_page_on_the_site(world, api, client):
    """An empty or unknown Host (a broken client, a scanner): Django refuses it before any
    view; the API still answers JSON in Chinese, a page the product's own."""
    response = api("post", "/members", {}, HTTP_HOST="")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert "主机" in response.json()["detail"]
    page = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and "主机" in page.content.decode()
    assert "DisallowedHost" not in page.content.decode()
