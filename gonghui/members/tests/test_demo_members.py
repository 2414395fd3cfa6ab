import datetime
import io

from django.core.management import call_command
from django.db.models import Count, Q

from gonghui.core.ids import ric_validate
from gonghui.demo import data
from gonghui.demo.build import build_demo
from gonghui.members.demo import generate_members, roster_rows
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

AS_OF = datetime.date(2026, 11, 25)


def _counts():
    return {
        row["union"]: (row["n"], row["f"])
        for row in Member.objects.filter(status="active")
        .values("union")
        .annotate(n=Count("id"), f=Count("id", filter=Q(sex="F")))
    }


def test_members_match_each_unions_figures(db):
    # given the tiny demo district, when it is built with members
    context = build_demo(seed=7, scale="tiny", as_of=AS_OF, members=True, only=["members"])
    total = context.built["members"]
    # then each union's active members and women are exactly its recorded figures
    counts = _counts()
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS)
    for union in unions:
        assert counts.get(union.pk, (0, 0)) == (union.member_count, union.female_member_count)
    assert total == Member.objects.count() > sum(u.member_count for u in unions)
    # and the rows are valid people of their union
    for member in Member.objects.select_related("union", "employer")[:200]:
        facts = ric_validate(member.ric)
        assert (facts.birth_date, facts.sex) == (member.birth_date, member.sex)
        assert member.org_path == member.union.path
        assert member.employer is None or member.employer.union_id == member.union_id
        assert member.joined_on <= AS_OF
    assert Member.objects.values("ric_hash").distinct().count() == total


def _fits(name: str, sex: str) -> bool:
    """A surname of the list and a given name of the sex's list (issue #10)."""
    given = data.GIVEN_FEMALE if sex == "F" else data.GIVEN_MALE
    return name[0] in data.SURNAMES and name[1:] in given


def test_members_names_fit_the_sex_in_their_ric(db):
    # given the demo's members (issue #10: women were named 伟, men 娜)
    build_demo(seed=7, scale="tiny", as_of=AS_OF, members=True, only=["members"])
    members = list(Member.objects.only("name", "ric", "sex"))
    # then every name fits the sex its RIC encodes, and both sexes are there
    misfits = [(m.name, m.sex) for m in members if not _fits(m.name, ric_validate(m.ric).sex)]
    assert misfits == []
    assert {m.sex for m in members} == {"F", "M"}
    # and the roster rows of the import benchmark alike
    rows = list(roster_rows(seed=1, count=200, union_name="甲公司工会委员会", as_of=AS_OF))
    assert all(_fits(r["姓名"], ric_validate(r["身份证号"]).sex) for r in rows)


def test_members_only_when_asked(db):
    context = build_demo(seed=7, scale="tiny", as_of=AS_OF, only=["members"])
    assert not Member.objects.exists()
    assert context.summary().endswith("，会员 0")


def test_fraction_recounts_unions(db):
    build_demo(seed=7, scale="tiny", as_of=AS_OF, only=["orgs"])
    generate_members(seed=7, scale_fraction=0.1, as_of=AS_OF)
    counts = _counts()
    for union in Organization.objects.filter(kind=OrgKind.GRASSROOTS):
        assert counts.get(union.pk, (0, 0)) == (union.member_count, union.female_member_count)


def test_demo_command_with_members(db):
    out = io.StringIO()
    call_command("demo_district", "--scale", "tiny", "--members", "--seed", "3", stdout=out)
    assert f"会员 {Member.objects.count()}，" in out.getvalue()
    assert Member.objects.filter(status="active").count() > 1000


def test_roster_rows_are_valid_and_repeatable():
    rows = list(roster_rows(seed=1, count=50, union_name="甲公司工会委员会", as_of=AS_OF))
    assert rows == list(roster_rows(seed=1, count=50, union_name="甲公司工会委员会", as_of=AS_OF))
    assert rows != list(roster_rows(seed=1, count=50, union_name="乙公司工会委员会", as_of=AS_OF))
    assert {"姓名", "身份证号", "手机号", "入会日期", "性别", "出生日期"} <= set(rows[0])
    assert len({r["身份证号"] for r in rows}) == 50
    for row in rows:
        facts = ric_validate(row["身份证号"])
        assert row["出生日期"] == f"{facts.birth_date:%Y-%m-%d}"
