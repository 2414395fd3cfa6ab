"""The accounts' part of the demo district: one login per role (`manage.py demo_logins`).

admin / district / auditor at the district federation, one town staff login per town named
by its pinyin (shiqiao …), and `chair` for the first grassroots union of the first town. All
share the run's password; each gets its password history row, as a real account would.
"""

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo import data
from gonghui.demo.context import DemoContext
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .models import PasswordHistory, User
from .roles import Role


def login_specs() -> list[tuple[str, str, Organization, str]]:
    """(username, role, organization, display name) of the demo logins, from the tree."""
    root = Organization.objects.get(kind=OrgKind.DISTRICT)
    towns = list(Organization.objects.filter(kind=OrgKind.TOWN).order_by("pk"))
    chair_union = (
        Organization.objects.filter(kind=OrgKind.GRASSROOTS, town=towns[0]).order_by("pk").first()
    )
    specs = [
        ("admin", Role.DISTRICT_ADMIN, root, "区总工会管理员"),
        ("district", Role.DISTRICT_STAFF, root, "区总工会组织部"),
        ("auditor", Role.AUDITOR, root, "经审委员"),
    ]
    for town, (_name, pinyin, _code, _w) in zip(towns, data.TOWNS, strict=True):
        specs.append((pinyin, Role.TOWN_STAFF, town, f"{town.name}干事"))
    specs.append(("chair", Role.GRASSROOTS_CHAIR, chair_union, chair_union.chair_name))
    return specs


def demo_users_insert(users: list[User]) -> list[User]:
    """Insert demo accounts (password already hashed) with their password history rows.
    Other apps' demo parts use it for their logins (the rights app's lawyers)."""
    created = User.objects.bulk_create(users)
    PasswordHistory.objects.bulk_create(
        [PasswordHistory(user=u, password=u.password) for u in created]
    )
    return created


def build(context: DemoContext) -> list[tuple[str, str, str]]:
    hashed = make_password(context.password)
    specs = login_specs()
    demo_users_insert(
        [
            User(
                username=username,
                role=role,
                organization=org,
                display_name=display,
                password=hashed,
                password_changed_at=timezone.now(),
            )
            for username, role, org, display in specs
        ]
    )
    logins = [(username, Role(role).label, org.name) for username, role, org, _d in specs]
    context.built["accounts"] = logins  # (username, role label, organization)
    return logins


register_demo_builder(DemoBuilder("accounts", build, after=("orgs",), label="演示账号"))
