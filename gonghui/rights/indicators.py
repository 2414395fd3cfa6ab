"""The rights app's indicators (REPORT-1, RIGHTS-5, issue #13): the case and legal-service
figures of the work report.

Each is a figure of rights.queries.CASE_FIGURES (or EVENT_FIGURES): the case list's filters
over the cases received in the period, merged duplicates left out, counted or with a column
summed. The statistics page counts the same rows (queries.case_figures), and the drill-down
opens the case (event) list with those very filters and the organization's subtree (范围),
so the list holds exactly the rows the figure counts or sums.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from . import queries

STATS = "rights.stats"
SECTION = "维权服务"
CAPABILITY = "RIGHTS-5"


def _org_id(org_path: str) -> str | None:
    """The organization a path names: its last segment ("/1/5/" -> "5"); none for "/"."""
    segments = [s for s in org_path.split("/") if s]
    return segments[-1] if segments else None


def _url(name: str, filters: dict[str, str], org_path: str) -> str:
    params = dict(filters)
    if org := _org_id(org_path):
        params["org"] = org
    return f"{reverse(name)}?{urlencode(params)}"


def case_rows(figure: str) -> Callable[[Period], QuerySet]:
    return lambda period: queries.cases_received(period, figure)


def case_list_url(figure: str) -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        where = queries.case_period_filters(period.start, period.end)
        return _url("rights:case_list", where | queries.CASE_FIGURES[figure][0], org_path)

    return url


def cases(figure: str) -> Measure:
    """The measure of a case figure: its rows, the column it sums, its list."""
    return Measure(
        query=case_rows(figure),
        value=queries.CASE_FIGURES[figure][1],
        list_url=case_list_url(figure),
        date="received_on",  # a month's rows are the period's received in it: one-query trend
    )


def event_list_url(period: Period, org_path: str) -> str:
    where = queries.event_period_filters(period.start, period.end)
    return _url("rights:event_list", where, org_path)


def events(value: str | None = None) -> Measure:
    return Measure(query=queries.events_held, value=value, list_url=event_list_url, date="held_on")


RECEIVED = "统计期内收到的案件（不含已合并的重复件），"

# (code, title, unit, definition, measure); the rate is declared below.
FIGURES = [
    (
        "rights.visits.batches",
        "职工来访批次",
        "批",
        f"{RECEIVED}渠道为来访的件数；一次集体来访为一批（报告“受理职工来访15批”）。",
        cases("batches"),
    ),
    (
        "rights.visits.persons",
        "职工来访人次",
        "人次",
        f"{RECEIVED}来访案件的“来访人次”之和（报告“来访……50人次”）。",
        cases("person_visits"),
    ),
    (
        "rights.letters",
        "职工来信",
        "封",
        f"{RECEIVED}渠道为来信的件数（报告“来信8封”）。",
        cases("letters"),
    ),
    (
        "rights.visits_letters.workers",
        "来访来信涉及职工",
        "人",
        f"{RECEIVED}渠道为来访或来信的案件的“涉及职工人数”之和（报告“来访……、来信……，"
        "涉及职工580多人”；不含来电、网上等其他渠道）。",
        cases("visits_letters_workers"),
    ),
    (
        "rights.calls",
        "职工来电",
        "宗",
        f"{RECEIVED}渠道为来电的件数（报告“来电970多宗”）。",
        cases("calls"),
    ),
    (
        "rights.petitions",
        "职工信访",
        "宗",
        f"{RECEIVED}类别为信访的件数，不论渠道（来访、来信、转办、网上……；报告“接待职工信访215宗”）。",
        cases("petitions"),
    ),
    (
        "rights.disputes",
        "劳动争议",
        "宗",
        f"{RECEIVED}类别为劳动争议的件数，不论渠道（报告“参与处理劳动争议870余宗”）。",
        cases("disputes"),
    ),
    (
        "rights.disputes.workers",
        "劳动争议涉及人数",
        "人",
        f"{RECEIVED}劳动争议案件的“涉及职工人数”之和（报告“涉及人数9500多人”）。",
        cases("dispute_workers"),
    ),
    (
        "rights.cases.recovered",
        "追回金额",
        "元",
        f"{RECEIVED}有追回金额的案件的“追回金额”之和（元，两位小数）。",
        cases("amount_recovered"),
    ),
    (
        "rights.events",
        "法律服务活动",
        "场次",
        "活动日期在统计期内的法律服务活动（普法宣传、咨询会、法律讲座等）场次"
        "（报告“举办法律服务、咨询50多场次”）。",
        events(),
    ),
    (
        "rights.events.attendance",
        "法律服务活动参与人数",
        "人次",
        "活动日期在统计期内的法律服务活动的“参加人数”之和（报告“参与人数4万多人”）。",
        events("attendance"),
    ),
]


def register() -> None:
    for order, (code, title, unit, definition, measure) in enumerate(FIGURES, start=1):
        register_indicator(
            Indicator(
                code=code,
                title=title,
                unit=unit,
                kind=Kind.FLOW,
                capability=CAPABILITY,
                section=SECTION,
                order=order * 10,
                definition=definition,
                permission=STATS,
                measure=measure,
                # cases the district itself handles (the 12351 hotline, visits to the
                # district office) are its own, apart from the towns'; an event is
                # always a town's
                own_meaningful=not code.startswith("rights.events"),
            )
        )
    register_indicator(
        Indicator(
            code="rights.cases.in_time",
            title="按期办结率",
            unit="%",
            kind=Kind.RATE,
            capability=CAPABILITY,
            section=SECTION,
            order=len(FIGURES) * 10 + 10,
            definition=(
                f"{RECEIVED}已办结的案件中，办结日期不晚于办结期限（含延期）的比例；"
                "分母为其中已办结的件数。"
            ),
            permission=STATS,
            numerator=cases("concluded_in_time"),
            denominator=cases("concluded"),
            own_meaningful=True,
        )
    )
