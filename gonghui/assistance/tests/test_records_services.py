"""Service records and their named beneficiaries: the services' rules, refusals, the
head-count/amount upkeep, the shared person lookup and the scope."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.assistance.choices import Recipient, ServiceKind
from gonghui.assistance.models import ServiceBeneficiary, ServiceRecord
from gonghui.assistance.queries import records as queries
from gonghui.assistance.services import records as services
from gonghui.assistance.services.people import person_facts
from gonghui.assistance.tests.factories import make_program, make_service
from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.members.tests.factories import make_member, new_ric

DAY = datetime.date(2013, 7, 10)


def create(actor, organizer, **fields):
    base = {"kind": ServiceKind.HEALTH_CHECK, "title": "职工免费体检", "held_on": DAY}
    return services.service_record_create(actor=actor, organizer=organizer, **(base | fields))


def refused(field: str, call, *args, **kwargs) -> str:
    with pytest.raises(ApplicationError) as error:
        call(*args, **kwargs)
    assert error.value.field == field, error.value.message
    return error.value.message


def test_a_town_records_a_health_check_with_a_head_count(world):
    # when
    record = create(world.town_a_user, world.town_a, head_count=8000)
    # then
    record.refresh_from_db()
    assert record.number == f"FW2013-{record.pk:06d}"
    assert record.org_path == world.town_a.path
    assert (record.head_count, record.named, record.recorded_by) == (8000, False, world.town_a_user)
    assert AuditEntry.objects.filter(action="assistance.service.created").count() == 1


def test_an_in_kind_delivery_under_the_districts_program_to_a_site(world):
    cooling = make_program(world.district, code="summer_cooling", year=2013)
    record = create(
        world.town_a_user,
        world.town_a,
        kind=ServiceKind.IN_KIND,
        program=cooling,
        title="送清凉进工地",
        recipient=Recipient.SITE,
        site="市桥某建筑工地",
        item="防暑降温用品",
        quantity=300,
        value="15000.50",
        head_count=300,
    )
    assert (record.value, record.program, record.site) == (
        Decimal("15000.50"),
        cooling,
        "市桥某建筑工地",
    )


def test_an_in_kind_delivery_without_item_quantity_or_value_is_refused(world):
    kwargs = {"kind": ServiceKind.IN_KIND, "item": "报刊", "quantity": 10}
    assert "物品价值" in refused("value", create, world.town_a_user, world.town_a, **kwargs)
    kwargs = {"kind": ServiceKind.IN_KIND, "value": "100", "quantity": 10}
    refused("item", create, world.town_a_user, world.town_a, **kwargs)
    kwargs = {"kind": ServiceKind.IN_KIND, "item": "报刊", "value": "100"}
    refused("quantity", create, world.town_a_user, world.town_a, **kwargs)
    assert not ServiceRecord.objects.exists()


def test_a_delivery_names_the_employer_or_union_it_went_to(world):
    periodicals = make_program(world.district, code="periodicals", year=2013)
    kwargs = {"kind": ServiceKind.IN_KIND, "item": "工人日报", "quantity": 12, "value": "360"}
    refused(
        "recipient_union",
        create,
        world.admin,
        world.district,
        recipient=Recipient.UNION,
        program=periodicals,
        **kwargs,
    )
    record = create(
        world.admin,
        world.district,
        recipient=Recipient.UNION,
        recipient_union=world.union_b,
        program=periodicals,
        **kwargs,
    )
    assert record.recipient_union == world.union_b
    refused(
        "employer", create, world.town_a_user, world.town_a, recipient=Recipient.EMPLOYER, **kwargs
    )


def test_a_date_in_the_future_or_before_2000_is_refused(world):
    future = datetime.date.today() + datetime.timedelta(days=400)
    assert "不能晚于今天" in refused(
        "held_on", create, world.town_a_user, world.town_a, held_on=future
    )
    refused("held_on", create, world.town_a_user, world.town_a, held_on=datetime.date(1999, 12, 31))


def test_a_program_of_another_year_or_out_of_sight_is_refused(world):
    other_year = make_program(world.district, code="summer_cooling", year=2014)
    assert "2014年度" in refused(
        "program", create, world.town_a_user, world.town_a, program=other_year
    )
    town_b_program = make_program(world.town_b, code="summer_cooling", year=2013)
    assert "管理范围" in refused(
        "program", create, world.town_a_user, world.town_a, program=town_b_program
    )


def test_amounts_go_through_core_money(world):
    assert "两位小数" in refused("amount", create, world.town_a_user, world.town_a, amount="1.005")
    refused("value", create, world.town_a_user, world.town_a, value="-3")
    refused("amount", create, world.town_a_user, world.town_a, amount="abc")


def test_the_organizer_must_be_in_the_actors_scope(world):
    assert "组织单位" in refused("organizer", create, world.town_a_user, world.town_b)
    refused("organizer", create, world.chair_a, world.town_a)
    assert create(world.chair_a, world.union_a).org_path == world.union_a.path


def test_who_may_not_record_is_refused(world):
    with pytest.raises(PermissionDenied):
        create(world.auditor, world.district)


def test_an_edit_checks_the_version_and_the_rules(world):
    record = create(world.town_a_user, world.town_a, head_count=10)
    edited = services.service_record_edit(
        actor=world.town_a_user, record=record, version=record.version, head_count=12
    )
    assert (edited.head_count, edited.version) == (12, record.version + 1)
    with pytest.raises(ConflictError):
        services.service_record_edit(
            actor=world.town_a_user, record=record, version=record.version, head_count=13
        )
    refused(
        "held_on",
        services.service_record_edit,
        actor=world.town_a_user,
        record=edited,
        version=edited.version,
        held_on=datetime.date(1990, 1, 1),
    )
    assert "管理范围" in refused(
        "organizer",
        services.service_record_edit,
        actor=world.town_a_user,
        record=edited,
        version=edited.version,
        organizer=world.town_b,
    )


def test_named_beneficiaries_make_the_head_count_and_the_amount(world):
    record = create(
        world.town_a_user,
        world.town_a,
        kind=ServiceKind.INJURY_VISIT,
        title="慰问因工受伤职工",
        head_count=99,
        amount="5",
    )
    member = make_member(world.union_a, name="王工")
    # when
    services.service_beneficiary_add(
        actor=world.town_a_user, record=record, member=member, amount="600"
    )
    services.service_beneficiary_add(
        actor=world.town_a_user, record=record, name="李伤", ric=new_ric(), amount="650.50"
    )
    # then
    record.refresh_from_db()
    assert (record.named, record.head_count, record.amount) == (True, 2, Decimal("1250.50"))
    rows = list(record.beneficiaries.order_by("id"))
    assert rows[0].member == member and rows[0].ric_hash == member.ric_hash
    assert rows[1].member is None and rows[1].org_path == record.org_path
    # an edit cannot set the counted fields of a named record
    edited = services.service_record_edit(
        actor=world.town_a_user, record=record, version=record.version, head_count=1, amount="1"
    )
    assert (edited.head_count, edited.amount) == (2, Decimal("1250.50"))


def test_a_person_twice_on_one_record_is_refused(world):
    record = create(world.town_a_user, world.town_a)
    ric = new_ric()
    services.service_beneficiary_add(actor=world.town_a_user, record=record, name="张三", ric=ric)
    message = refused(
        "ric",
        services.service_beneficiary_add,
        actor=world.town_a_user,
        record=record,
        name="张三",
        ric=ric.lower(),
    )
    assert "不能重复登记" in message
    record.refresh_from_db()
    assert record.head_count == 1


def test_the_constraint_backs_the_one_person_rule(world):
    from django.db import IntegrityError, transaction

    record = make_service(world.union_a)
    row = {"record": record, "name": "张三", "org_path": record.org_path, "ric_hash": "ab"}
    ServiceBeneficiary.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceBeneficiary.objects.create(**row)


def test_the_person_lookup_links_a_member_by_ric_and_checks_the_name(world):
    member = make_member(world.union_a, name="赵六")
    person = person_facts(world.town_a_user, name="赵六", ric=member.ric)
    assert (person.member, person.ric_hash) == (member, member.ric_hash)
    with pytest.raises(ApplicationError, match="赵六") as wrong:
        person_facts(world.town_a_user, name="钱七", ric=member.ric)
    assert wrong.value.field == "name"
    # town B's staff do not see the member: the RIC is taken as a non-member's
    outside = person_facts(world.town_b_user, name="钱七", ric=member.ric)
    assert outside.member is None


def test_the_person_lookup_refuses_a_member_out_of_scope_and_nothing_given(world):
    member = make_member(world.union_b, name="孙八")
    with pytest.raises(ApplicationError) as out:
        person_facts(world.town_a_user, member=member.pk)
    assert out.value.field == "member"
    refused("member", person_facts, world.town_a_user)
    refused("ric", person_facts, world.town_a_user, name="张三", ric="123")


def test_town_b_record_is_404_for_town_a(world):
    record = make_service(world.union_b)
    with pytest.raises(Http404):
        queries.service_get(user=world.town_a_user, pk=record.pk)
    with pytest.raises(Http404):
        services.service_beneficiary_add(
            actor=world.town_a_user, record=record, name="张三", ric=new_ric()
        )
    with pytest.raises(Http404):
        services.service_record_edit(
            actor=world.town_a_user, record=record, version=record.version, title="x"
        )
    assert list(queries.service_list(user=world.town_a_user)) == []


def test_the_list_filters(world):
    cooling = make_program(world.district, code="summer_cooling", year=2013)
    a = make_service(
        world.union_a,
        kind=ServiceKind.IN_KIND,
        program=cooling,
        item="水",
        quantity=1,
        value=Decimal("1"),
    )
    b = make_service(world.union_b, held_on=datetime.date(2013, 9, 1))
    admin = world.admin

    def listed(**filters):
        return set(queries.service_list(user=admin, filters=filters))

    assert listed() == {a, b}
    assert listed(kind="in_kind") == {a}
    assert listed(program_kind="summer_cooling") == {a}
    assert listed(held_from="2013-06-01") == {b}
    assert listed(held_to="2013-06-01") == {a}
    assert listed(town=world.town_b.pk) == {b}
    assert listed(org=world.union_a.pk) == {a}
    assert listed(town=world.union_a.pk) == set()  # not a town
    assert (
        set(queries.service_list(user=world.town_a_user, filters={"org": world.town_b.pk})) == set()
    )
