import itertools

import factory

from gonghui.core.ids import uscc_with_check
from gonghui.core.pinyin import name_initials
from gonghui.demo.numbers import subject_id
from gonghui.orgs.choices import Industry, OrgKind, Ownership, UnionForm
from gonghui.orgs.models import Employer, Organization

_seq = itertools.count(1)


def uscc(prefix2: str = "91") -> str:
    return uscc_with_check(f"{prefix2}440113" + subject_id(next(_seq), "TF"))


def make_org(
    parent: Organization | None, kind: str = OrgKind.GRASSROOTS, name: str | None = None, **extra
) -> Organization:
    """An organization with its derived path, depth and town set like the services do."""
    if kind == OrgKind.GRASSROOTS:
        extra.setdefault("form", UnionForm.SINGLE)
    name = name or f"测试工会{next(_seq)}"
    org = Organization.objects.create(
        parent=parent,
        kind=kind,
        name=name,
        name_initials=name_initials(name),
        path=f"tmp{next(_seq)}/",
        depth=(parent.depth + 1) if parent else 0,
        **extra,
    )
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    if kind == OrgKind.TOWN:
        org.town = org
    elif parent is not None:
        org.town = parent if parent.kind == OrgKind.TOWN else parent.town
    org.save(update_fields=["path", "town"])
    return org


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"广州市番禺区测试{n}有限公司")
    name_initials = factory.LazyAttribute(lambda o: name_initials(o.name))
    uscc = factory.LazyFunction(uscc)
    ownership = Ownership.PRIVATE
    industry = Industry.MANUFACTURING
    headcount = 120
    union = None
    org_path = factory.LazyAttribute(lambda o: o.union.path if o.union else o.town.path)
