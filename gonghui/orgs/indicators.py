"""The orgs app's indicators (REPORT-1, issue #13): unions standing and founded, dispatched-
labor employers that formed a union, new federations, the unionization rate of employers
of N staff or more, two-displays and women workers' organization coverage, terms overdue.

Declared over the organization, employer and term rows themselves; the catalog
(core.indicators) scopes, narrows to a subtree and breaks them down by child organization.
Each measure's rows are those of a list page with filters (`list_url`, the drill-down), and
both are built from the same definitions in `queries` (grassroots_active, founded_by,
DUAL_DISPLAY, …), so the figure and the list's rows agree.
"""

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from .choices import OrgKind
from .models import Employer, Organization, Term
from .queries import (
    DUAL_DISPLAY,
    HAS_WOMEN_ORG,
    KIND_GROUPS,
    NON_PUBLIC,
    current_terms,
    founded_by,
    grassroots_active,
    of_ownership,
    terms_overdue,
)

VIEW = "orgs.view"
EMPLOYERS_VIEW = "employers.view"
SECTION = "组织建设"
HEADCOUNTS = (25, 100)  # the "N staff or more" of the unionization rates registered


def _list_url(name: str, org_path: str, **params: Any) -> str:
    """The list page `name` filtered by `params`, within the subtree at `org_path` (its
    organization, the path's last id: `org`, as every list names it)."""
    under = org_path.rstrip("/").rpartition("/")[2]
    if under.isdigit():
        params["org"] = under
    given = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in params.items()}
    return f"{reverse(name)}?{urlencode(given)}"


def _organizations(**params: Any) -> Any:
    return lambda period, org_path: _list_url(
        "orgs:organization_list", org_path, **{k: v(period) for k, v in params.items()}
    )


def _employers(**params: Any) -> Any:
    return lambda period, org_path: _list_url(
        "orgs:employer_list", org_path, **{k: v(period) for k, v in params.items()}
    )


def _fixed(value: Any) -> Any:
    return lambda _period: value


def _start(period: Period) -> datetime.date:
    return period.start


def _end(period: Period) -> datetime.date:
    return period.end


# ---- unions (ORG-1) -------------------------------------------------------------------------


def unions_standing(period: Period) -> QuerySet[Organization]:
    # An undated union (no 成立日期 recorded) stands: it exists today.
    return grassroots_active().filter(founded_by("established_on", period.end))


def unions_founded(period: Period) -> QuerySet[Organization]:
    return grassroots_active().filter(established_on__range=(period.start, period.end))


UNIONS_LIST = {"kind": _fixed(OrgKind.GRASSROOTS), "active": _fixed("yes")}
UNIONS_STANDING_URL = _organizations(**UNIONS_LIST, founded_by=_end)
UNIONS_FOUNDED_URL = _organizations(**UNIONS_LIST, established_from=_start, established_to=_end)


def federations_founded(period: Period) -> QuerySet[Organization]:
    """Industry and area federations and sector unions (工委 among them) founded in the period."""
    return Organization.objects.filter(
        kind__in=KIND_GROUPS["federations"],
        is_active=True,
        established_on__range=(period.start, period.end),
    )


FEDERATIONS_URL = _organizations(
    kind=_fixed("federations"), active=_fixed("yes"), established_from=_start, established_to=_end
)

# ---- employers (ORG-3) ----------------------------------------------------------------------


def dispatch_employers_unionized(period: Period) -> QuerySet[Employer]:
    """Dispatched-labor employers whose union (as the employer records it) was founded in
    the period."""
    return Employer.objects.filter(
        is_labor_dispatch=True, union__established_on__range=(period.start, period.end)
    )


DISPATCH_URL = _employers(labor_dispatch=_fixed("yes"), union_from=_start, union_to=_end)


def employers_of_size(at_least: int) -> Any:
    def rows(_period: Period) -> QuerySet[Employer]:
        # Employers carry no founding date: the registry's employers of today.
        return Employer.objects.filter(headcount__gte=at_least)

    return rows


def employers_of_size_unionized(at_least: int) -> Any:
    def rows(period: Period) -> QuerySet[Employer]:
        return Employer.objects.filter(headcount__gte=at_least, union__isnull=False).filter(
            founded_by("union__established_on", period.end)
        )

    return rows


# ---- coverage (ORG-6) -----------------------------------------------------------------------


def coverage_unions(period: Period) -> QuerySet[Organization]:
    """The coverage page's unions (queries.display_coverage) standing at the period's end."""
    return unions_standing(period)


def non_public_unions(period: Period) -> QuerySet[Organization]:
    return of_ownership(unions_standing(period), NON_PUBLIC)


def _with(rows: Any, condition: Any) -> Any:
    return lambda period: rows(period).filter(condition)


DUAL_URL = {"signboard": _fixed("yes"), "chair_identity": _fixed("yes")}
NON_PUBLIC_URL = {"ownership": _fixed(NON_PUBLIC)}

# ---- terms (ORG-5) --------------------------------------------------------------------------


def overdue_on(period: Period) -> datetime.date:
    """A stock of overdue terms is taken at the period's end, or today for a period not
    yet over (a term ending later this year is not overdue yet)."""
    return min(period.end, today())


def terms_overdue_at(period: Period) -> QuerySet[Term]:
    """Current terms of active grassroots unions past their end (one current term a union)."""
    grassroots = current_terms().filter(organization__kind=OrgKind.GRASSROOTS)
    return terms_overdue(grassroots, overdue_on(period))


def _terms_url(period: Period, org_path: str) -> str:
    return _list_url(
        "orgs:terms",
        org_path,
        due="overdue",
        kind=OrgKind.GRASSROOTS,
        ends_before=overdue_on(period),
    )


# ---- the catalog ----------------------------------------------------------------------------


def _indicator(**fields: Any) -> None:
    register_indicator(Indicator(section=SECTION, **fields))


def register() -> None:
    _register_formation()
    _register_certificates()
    _register_unions()
    _register_employers()
    _register_coverage()
    _indicator(
        code="orgs.terms.overdue",
        title="任期届满未换届的基层工会",
        unit="家",
        kind=Kind.STOCK,
        capability="ORG-5",
        order=90,
        definition=(
            "现任一届任期届满日早于统计期末（本期未结束的，早于今天）、尚未换届的有效基层工会；"
            "按现任届次计（历史期末数按现状计）。"
        ),
        permission=VIEW,
        measure=Measure(query=terms_overdue_at, list_url=_terms_url),
    )


def _register_unions() -> None:
    _indicator(
        code="orgs.unions.total",
        title="基层工会数",
        unit="家",
        kind=Kind.STOCK,
        capability="ORG-1",
        order=10,
        definition=(
            "统计期末已成立、目前仍有效的基层工会（不含工会小组）；"
            "未登记成立日期的按已成立计。撤销的工会不再计入（撤销日期未登记，历史期末数按现状计）。"
        ),
        permission=VIEW,
        measure=Measure(query=unions_standing, path="path", list_url=UNIONS_STANDING_URL),
    )
    _indicator(
        code="orgs.unions.new",
        title="新组建工会",
        unit="家",
        kind=Kind.FLOW,
        capability="ORG-1",
        order=20,
        definition="成立日期在统计期内、目前仍有效的基层工会（报告“全年新组建工会845家”）。",
        permission=VIEW,
        measure=Measure(
            query=unions_founded,
            path="path",
            list_url=UNIONS_FOUNDED_URL,
            date="established_on",  # a month's rows are the period's founded in it
        ),
    )
    _indicator(
        code="orgs.federations.new",
        title="新成立工会联合会及系统工会",
        unit="个",
        kind=Kind.FLOW,
        capability="ORG-3",
        order=40,
        definition=(
            "成立日期在统计期内、目前仍有效的行业工会联合会、区域性工会联合会和系统工会"
            "（含工会工作委员会），按其上级组织计（报告“成立了区民办教育机构行业工会联合会、"
            "区社会组织工会工作委员会、桥南街纸类行业工会联合会和东环街番山创业中心工会联合会”）。"
        ),
        permission=VIEW,
        measure=Measure(
            query=federations_founded,
            path="path",
            list_url=FEDERATIONS_URL,
            date="established_on",
        ),
    )


def _register_employers() -> None:
    _indicator(
        code="orgs.employers.dispatch_unionized",
        title="劳务派遣企业新建工会",
        unit="家",
        kind=Kind.FLOW,
        capability="ORG-3",
        order=30,
        definition=(
            "标记为劳务派遣企业、所属基层工会（以单位登记为准）成立日期在统计期内的用人单位，"
            "按其工会所在组织计（报告“近100家劳务派遣企业成立了工会”）。"
        ),
        permission=EMPLOYERS_VIEW,
        measure=Measure(
            query=dispatch_employers_unionized,
            list_url=DISPATCH_URL,
            date="union__established_on",
        ),
    )
    for order, n in enumerate(HEADCOUNTS, start=50):
        _indicator(
            code=f"orgs.employers.unionization_{n}",
            title=f"职工{n}人以上单位建会率",
            unit="%",
            kind=Kind.RATE,
            capability="ORG-3",
            order=order,
            definition=(
                f"职工人数不少于{n}人的用人单位中，统计期末已建会（所属基层工会已成立，"
                "未登记成立日期的按已成立计）的比例；单位按目前登记的名录计。"
            ),
            permission=EMPLOYERS_VIEW,
            numerator=Measure(
                query=employers_of_size_unionized(n),
                list_url=_employers(headcount_min=_fixed(n), union_founded_by=_end),
            ),
            denominator=Measure(
                query=employers_of_size(n), list_url=_employers(headcount_min=_fixed(n))
            ),
        )


def _register_coverage() -> None:
    standing = {**UNIONS_LIST, "founded_by": _end}
    now = "“双亮”、女职工组织按目前登记的状态计（变更日期未登记）"
    rates = (
        (
            "orgs.coverage.dual_display",
            "基层工会“双亮”覆盖率",
            f"统计期末已成立的有效基层工会中，既亮牌子又亮身份的比例；{now}。",
            coverage_unions,
            DUAL_DISPLAY,
            {**standing, **DUAL_URL},
            standing,
        ),
        (
            "orgs.coverage.dual_display_non_public",
            "非公企业工会“双亮”覆盖率",
            "统计期末已成立、所在单位中有非公企业（私营、外商投资、港澳台投资）的有效基层工会中，"
            f"既亮牌子又亮身份的比例；{now}（报告“非公企业‘双亮’达到50%”）。",
            non_public_unions,
            DUAL_DISPLAY,
            {**standing, **NON_PUBLIC_URL, **DUAL_URL},
            {**standing, **NON_PUBLIC_URL},
        ),
        (
            "orgs.coverage.women_org",
            "女职工组织覆盖率",
            f"统计期末已成立的有效基层工会中，建立了女职工委员会或设女职工委员的比例；{now}。",
            coverage_unions,
            HAS_WOMEN_ORG,
            {**standing, "women_org": _fixed("yes")},
            standing,
        ),
    )
    for order, (code, title, definition, rows, condition, part, whole) in enumerate(
        rates, start=60
    ):
        _indicator(
            code=code,
            title=title,
            unit="%",
            kind=Kind.RATE,
            capability="ORG-6",
            order=order,
            definition=definition,
            permission=VIEW,
            numerator=Measure(
                query=_with(rows, condition), path="path", list_url=_organizations(**part)
            ),
            denominator=Measure(query=rows, path="path", list_url=_organizations(**whole)),
        )


# ---- formation (ORG-3) and legal-person certificates (ORG-4) ----------------------------------


def _on(period: Period) -> datetime.date:
    """A stock of today's kind (targets, certificates) at the period's end, or today."""
    return min(period.end, today())


def formation_targets_at(period: Period) -> QuerySet[Employer]:
    from .queries_formation import formation_targets_on

    return formation_targets_on(Employer.objects.all(), _on(period))


def foundings_in(period: Period) -> QuerySet:
    from .models import Founding

    return Founding.objects.filter(founded_on__range=(period.start, period.end))


def contacts_in(period: Period) -> QuerySet:
    from .models import FormationContact

    return FormationContact.objects.filter(contacted_on__range=(period.start, period.end))


def certificates_valid_at(period: Period) -> QuerySet:
    from .models import LegalPersonCertificate
    from .queries_certificates import certificates_valid_on

    return certificates_valid_on(LegalPersonCertificate.objects.all(), _on(period))


def unions_without_certificate_at(period: Period) -> QuerySet[Organization]:
    from django.db.models import Exists, OuterRef

    from .models import LegalPersonCertificate
    from .queries_certificates import certificates_valid_on

    day = _on(period)
    valid = certificates_valid_on(
        LegalPersonCertificate.objects.filter(organization=OuterRef("pk")), day
    )
    return grassroots_active().filter(founded_by("established_on", day)).exclude(Exists(valid))


def certificates_expiring_at(period: Period) -> QuerySet:
    from .models import LegalPersonCertificate
    from .queries_certificates import certificates_expiring

    return certificates_expiring(LegalPersonCertificate.objects.all(), _on(period))


def certificates_issued_in(period: Period) -> QuerySet:
    from .models import LegalPersonCertificate

    return LegalPersonCertificate.objects.filter(issued_on__range=(period.start, period.end))


def _page(name: str, **params: Any) -> Any:
    return lambda period, org_path: _list_url(
        name, org_path, **{k: v(period) for k, v in params.items()}
    )


def _register_formation() -> None:
    _indicator(
        code="formation.targets",
        title="组建目标（达到人数标准的未建会单位）",
        unit="家",
        kind=Kind.STOCK,
        capability="ORG-3",
        order=32,
        definition=(
            "统计期末（本期未结束的，今天）职工人数达到组建标准（按当日有效的设置，未设置为25人）"
            "而尚无工会的用人单位；按单位所在镇街计。清单为今天的组建目标。"
        ),
        permission=EMPLOYERS_VIEW,
        measure=Measure(
            query=formation_targets_at, list_url=_page("orgs:formation_targets", on=_on)
        ),
    )
    _indicator(
        code="formation.foundings",
        title="新组建工会（有组建记录）",
        unit="家",
        kind=Kind.FLOW,
        capability="ORG-3",
        order=34,
        definition=(
            "成立日期在统计期内、经“登记组建”建立的基层工会（其成立日期即组建日期，"
            "与“新组建工会”同一口径，只计有组建记录的）。"
        ),
        permission=EMPLOYERS_VIEW,
        measure=Measure(
            query=foundings_in,
            list_url=_page("orgs:formation_foundings", founded_from=_start, founded_to=_end),
            date="founded_on",
        ),
    )
    _indicator(
        code="formation.contacts",
        title="组建联系次数",
        unit="次",
        kind=Kind.FLOW,
        capability="ORG-3",
        order=36,
        definition="统计期内登记的与未建会单位的组建联系（上门走访、电话、发函、座谈会）。",
        permission=EMPLOYERS_VIEW,
        measure=Measure(
            query=contacts_in,
            list_url=_page("orgs:formation_contacts", date_from=_start, date_to=_end),
            date="contacted_on",
        ),
    )


def _register_certificates() -> None:
    _indicator(
        code="certificates.valid",
        title="持有效法人资格证书的基层工会",
        unit="家",
        kind=Kind.STOCK,
        capability="ORG-4",
        order=70,
        definition=(
            "统计期末（本期未结束的，今天）持有已发证、未注销、未过有效期的工会法人资格证书的工会"
            "（一个工会只有一张有效证书）。"
        ),
        permission=VIEW,
        measure=Measure(
            query=certificates_valid_at,
            list_url=_page("orgs:certificate_list", valid_on=_on),
        ),
    )
    _indicator(
        code="certificates.without",
        title="未取得有效法人资格证书的基层工会",
        unit="家",
        kind=Kind.STOCK,
        capability="ORG-4",
        order=72,
        definition="统计期末已成立、仍有效的基层工会中，当日没有有效法人资格证书的。",
        permission=VIEW,
        measure=Measure(
            query=unions_without_certificate_at,
            path="path",
            list_url=_page("orgs:certificate_without", on=_on),
        ),
    )
    _indicator(
        code="certificates.expiring",
        title="90天内到期的法人资格证书",
        unit="张",
        kind=Kind.STOCK,
        capability="ORG-4",
        order=74,
        definition="统计期末（本期未结束的，今天）有效、有效期在其后90天内届满的法人资格证书。",
        permission=VIEW,
        measure=Measure(
            query=certificates_expiring_at,
            list_url=_page("orgs:certificate_list", expiring_on=_on),
        ),
    )
    _indicator(
        code="certificates.issued",
        title="发放法人资格证书",
        unit="张",
        kind=Kind.FLOW,
        capability="ORG-4",
        order=76,
        definition="发证日期在统计期内的工会法人资格证书（含其后已注销的）。",
        permission=VIEW,
        measure=Measure(
            query=certificates_issued_in,
            list_url=_page("orgs:certificate_list", issued_from=_start, issued_to=_end),
            date="issued_on",
        ),
    )
