"""What the orgs app puts in the kernel's registry: menu, home-page widget, the home page's
to-dos (terms past or near their end), import kind, demo.

Its permissions are granted by accounts (roles sit above orgs): accounts/roles.py.
"""

from django.conf import settings
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.core.exports import register_list_export
from gonghui.core.importing.kinds import ImportKindSpec, register_import_kind
from gonghui.core.registry import (
    MenuItem,
    Todo,
    Widget,
    register_menu,
    register_menu_section,
    register_todo,
    register_widget,
)

# Who starts a re-election (orgs.elections.election_start) has these to-dos; an auditor,
# who only looks, does not.
TERMS_TODO = "orgs.edit_own"


def register() -> None:
    from . import indicators

    indicators.register()
    from . import queries
    from .importers import EmployerImporter

    register_menu_section("orgs", "组织建设", 10)
    register_menu(
        MenuItem("orgs", "orgs", "组织架构", "orgs:tree", "orgs.view", 10),
        MenuItem("orgs", "employers", "用人单位", "orgs:employer_list", "employers.view", 20),
        MenuItem("orgs", "terms", "换届提醒", "orgs:terms", "orgs.view", 30),
        MenuItem("orgs", "coverage", "双亮与女职工组织", "orgs:coverage", "orgs.view", 40),
    )
    register_widget(
        Widget(
            name="orgs.counts",
            template="orgs/widgets/counts.html",
            context=queries.dashboard_counts,
            permission="orgs.view",
            order=10,
        )
    )
    register_todos()
    register_formation()
    register_certificates()
    from . import exports

    for spec in exports.EXPORTS:
        register_list_export(spec)
    register_import_kind(
        ImportKindSpec(
            kind="employers",
            label="用人单位",
            permission="imports.employers",
            importer=EmployerImporter,
            help="需有“单位名称”“统一社会信用代码”“镇街”“经济类型”“行业”五列。",
            result_links=_employer_import_links,
        )
    )


def _employer_import_links(run, user) -> list[tuple[str, str]]:
    """A finished employer import that changed (or, tried, would change) existing
    employers links to what it changed, for who may see employers (issue #10)."""
    if not run.updated or not user.can("employers.view"):
        return []
    url = reverse("orgs:employer_import_changes", args=[run.pk])
    return [(f"查看已有单位的变更（{run.updated} 家）", url)]


def register_todos() -> None:
    """Counted on the lists the terms page shows (queries.terms_due), so link and count agree."""
    from . import queries

    def terms(which: str):
        def count(user) -> int:
            days = settings.TERM_ALERT_DAYS
            lists = queries.terms_due(user=user, today=today(), days=days, action=TERMS_TODO)
            return lists[which].count()

        return count

    register_todo(
        Todo(
            name="orgs.terms_overdue",
            label="任期已届满未换届的工会",
            permission=TERMS_TODO,
            count=terms("overdue"),
            url="orgs:terms?due=overdue",
            order=50,
            tone="urgent",
        )
    )
    register_todo(
        Todo(
            name="orgs.terms_due_soon",
            label=f"{settings.TERM_ALERT_DAYS}天内任期届满的工会",
            permission=TERMS_TODO,
            count=terms("due_soon"),
            url="orgs:terms?due=soon",
            order=60,
        )
    )


def register_formation() -> None:
    """Union formation (ORG-3): menu, exports, the employer page's formation panel."""
    from gonghui.core.registry import DetailPanel, register_detail_panel

    from . import (
        exports_formation,
        queries_formation,
        services_formation,  # noqa: F401  (audit labels)
    )

    register_menu(
        MenuItem(
            "orgs", "formation", "组建工会", "orgs:formation_targets", queries_formation.VIEW, 50
        ),
    )
    for spec in exports_formation.EXPORTS:
        register_list_export(spec)

    def panel(employer, user):
        if employer.union_id is not None and not employer.foundings.exists():
            return None
        info = queries_formation.employer_formation(user=user, employer=employer)
        return {**info, "contacts": info["contacts"][:3], "count": len(info["contacts"])}

    register_detail_panel(
        DetailPanel(
            "orgs.Employer", "formation", "组建工会", "orgs/formation/panel.html", panel, order=20
        )
    )


def register_certificates() -> None:
    """Legal-person certificates (ORG-4): menu, exports, the to-do of requests to check, the
    union page's certificate panel, the daily notice of certificates expiring."""
    import datetime

    from gonghui.core.periodic import PeriodicJob, register_periodic
    from gonghui.core.registry import DetailPanel, register_detail_panel

    from . import exports_certificates, queries_certificates, services_certificates
    from .choices import OrgKind
    from .workflow_certificates import APPLY, CHECK

    register_menu(
        MenuItem(
            "orgs",
            "certificates",
            "法人资格证书",
            "orgs:certificate_list",
            queries_certificates.VIEW,
            60,
        ),
    )
    for spec in exports_certificates.EXPORTS:
        register_list_export(spec)
    register_todo(
        Todo(
            name="orgs.certificate_requests_to_check",
            label="待审核的法人资格证书申请",
            permission=CHECK,
            count=lambda user: queries_certificates.requests_to_check(user=user).count(),
            url="orgs:certificate_request_list?todo=on",
            order=70,
        )
    )

    def panel(org, user):
        if org.kind != OrgKind.GRASSROOTS or not user.can(queries_certificates.VIEW):
            return None
        return {
            "certificate": queries_certificates.certificate_of(user=user, organization=org),
            "open_request": queries_certificates.certificate_requests(
                user=user, filters={"organization": org.pk}
            )
            .filter(state__in=services_certificates.OPEN)
            .first(),
            "may_apply": user.can(APPLY) and (user.organization_id == org.pk or user.can(CHECK)),
        }

    register_detail_panel(
        DetailPanel(
            "orgs.Organization",
            "certificate",
            "法人资格证书",
            "orgs/certificates/panel.html",
            panel,
            order=20,
        )
    )
    register_periodic(
        PeriodicJob(
            name="orgs.certificates_expiring",
            title="工会法人资格证书到期提醒",
            every=datetime.timedelta(days=1),
            run=lambda actor: services_certificates.certificates_notify_expiring(
                actor=actor, on=today()
            ),
            grants=(queries_certificates.VIEW,),
        )
    )
