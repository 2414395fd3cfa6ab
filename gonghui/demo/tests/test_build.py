"""The demo app runs what the domains register and never names a domain itself."""

import dataclasses
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.accounts.models import User
from gonghui.core.actors import ActorKind
from gonghui.core.models import AuditEntry
from gonghui.core.registry import (
    DemoBuilder,
    demo_builders_in_order,
    register_demo_builder,
    registry,
)
from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD, DemoContext
from gonghui.democracy.models import (
    CollectiveContract,
    CongressSession,
    OpenAffairsEvidence,
    OpenAffairsRecord,
)
from gonghui.finance.models import Collection
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import (
    CertificateRequest,
    Founding,
    LegalPersonCertificate,
    Organization,
)
from gonghui.orgs.tests.factories import make_org
from gonghui.rights.models import Case, LawFirm

AS_OF = datetime.date(2026, 11, 25)


@pytest.fixture
def demo_builders():
    """The registry's demo store, restored after the test (throwaway builders go away)."""
    store = registry["demo_builders"]
    saved = dict(store)
    yield store
    store.clear()
    store.update(saved)


def test_each_domain_contributes_its_part_from_its_own_demo_module():
    builders = {b.name: b for b in demo_builders_in_order()}
    assert {"orgs", "accounts", "members", "rights"} <= set(builders)
    for name in ("orgs", "accounts", "members", "rights"):
        assert builders[name].build.__module__ == f"gonghui.{name}.demo"
    names = list(builders)
    assert names[0] == "orgs"
    assert names.index("accounts") < names.index("rights")


def test_builders_run_in_the_registered_order_and_a_new_app_adds_its_part(db, demo_builders):
    # given every registered builder wrapped to record when it runs
    ran: list[str] = []

    def spy(builder: DemoBuilder) -> DemoBuilder:
        def build(context: DemoContext):
            ran.append(builder.name)
            return builder.build(context)

        return dataclasses.replace(builder, build=build)

    for builder in list(demo_builders.values()):
        demo_builders[builder.name] = spy(builder)

    # and a throwaway app's part, named to sort first but needing the rights part
    def probe(context: DemoContext) -> None:
        ran.append("aa_probe")
        context.built["aa_probe"] = (Case.objects.count(), User.objects.count())
        context.count("probe", "探针", 1)

    register_demo_builder(DemoBuilder("aa_probe", probe, after=("rights",), label="探针"))

    # when the demo is built
    context = build_demo(seed=5, scale="tiny", as_of=AS_OF)

    # then each builder ran once, after those it names, and the new part saw their rows
    assert ran == [b.name for b in demo_builders_in_order()]
    assert ran.index("orgs") < ran.index("accounts") < ran.index("rights") < ran.index("aa_probe")
    assert ran.index("orgs") < ran.index("members")
    cases, users = context.built["aa_probe"]
    assert cases == Case.objects.count() > 2000 and users == User.objects.count()
    assert "，探针 1" in context.summary()


def test_only_runs_the_named_part_and_the_parts_it_needs(db):
    context = build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["accounts"])
    assert set(context.built) == {"orgs", "accounts"}
    assert User.objects.filter(username="admin").exists()
    assert not Case.objects.exists() and not Member.objects.exists()


def test_an_unknown_part_is_named_in_the_error(db):
    with pytest.raises(ValueError, match="没有名为“no_such_part”的演示数据部分"):
        build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["no_such_part"])


def test_a_failing_part_leaves_nothing_behind(db, demo_builders):
    def broken(context: DemoContext) -> None:
        raise RuntimeError("探针失败")

    register_demo_builder(DemoBuilder("broken", broken, after=("accounts",)))
    with pytest.raises(RuntimeError, match="探针失败"):
        build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["broken"])
    assert not Organization.objects.exists() and not User.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_command_loads_once_and_says_what_it_loaded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo's uploaded files
    out = io.StringIO()
    call_command("demo_district", "--scale", "tiny", "--seed", "3", stdout=out)
    match = re.fullmatch(r"演示区已装入（tiny，种子 3）：(.+)，用时 \d+\.\d 秒。\n", out.getvalue())
    assert match, out.getvalue()
    orgs = Organization.objects.count()
    said = dict(part.split(" ") for part in match.group(1).split("，"))
    assert {label: int(n) for label, n in said.items()} == {
        "组织": orgs,
        "单位": 160,
        "会员": 0,
        "职代会": CongressSession.objects.count(),
        "厂务公开": OpenAffairsRecord.objects.count(),
        "厂务公开佐证材料": OpenAffairsEvidence.objects.count(),
        "集体合同": CollectiveContract.objects.count(),
        "代收记录": Collection.objects.count(),
        "组建记录": Founding.objects.count(),
        "法人资格证书": LegalPersonCertificate.objects.count(),
        "待审核办证申请": CertificateRequest.objects.count(),
    }
    entry = AuditEntry.objects.get(action="core.demo.loaded")
    assert (entry.actor_id, entry.actor_kind, entry.actor_name) == (
        None,
        ActorKind.SYSTEM,
        "系统（演示数据）",
    )
    assert entry.data["seed"] == 3 and entry.data["members"] == 0

    # a second run skips with --if-empty, and refuses without it
    out = io.StringIO()
    call_command("demo_district", "--scale", "tiny", "--if-empty", stdout=out)
    assert out.getvalue() == "演示数据已存在，跳过。\n"
    with pytest.raises(CommandError, match="数据库中已有组织数据；演示数据只能装入空库。"):
        call_command("demo_district", "--scale", "tiny", stdout=io.StringIO())
    assert Organization.objects.count() == orgs


def test_demo_logins_lists_every_login_with_its_role_and_organization(db):
    build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["rights"])
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"演示账号（密码均为 {DEMO_PASSWORD}）："
    assert len(lines) == 1 + User.objects.count() == 1 + 20 + 16
    assert lines[1].split() == ["admin", "区总工会管理员", "番禺区总工会"]
    assert lines[-1].split() == ["lawyer16", "工作站律师", "石碁镇总工会"]


def test_rows_added_after_the_demo_get_keys_past_the_demo_rows(db):
    # the builders insert explicit keys; the key sequences must follow them (PostgreSQL)
    build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["rights"])
    last_org = Organization.objects.order_by("-pk").first().pk
    root = Organization.objects.get(kind=OrgKind.DISTRICT)
    assert make_org(root, OrgKind.SECTOR, "番禺区新系统工会").pk == last_org + 1
    firm = LawFirm.objects.create(name="广东新律师事务所", org_path=root.path)
    assert firm.pk == LawFirm.objects.count() == 6
