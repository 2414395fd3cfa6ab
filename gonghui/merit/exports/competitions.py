"""Competition exports (core.exports): the competitions list with its filters, and one
competition's results (the results page: every contestant ranked per event)."""

from gonghui.core.exports import Column, ListExport
from gonghui.core.identity import mask

from ..forms.competitions import CompetitionFilterForm, ResultsFilterForm
from ..queries import competitions as queries


def _ric(c) -> str:
    return mask(c.ric_last4) if c.ric_last4 else ""


COMPETITION_EXPORTS = (
    ListExport(
        name="merit.competitions",
        label="竞赛",
        permission="merit.view",
        filter_form=CompetitionFilterForm,
        rows=lambda user, filters: queries.competition_list(user=user, filters=filters),
        columns=(
            Column("年度", lambda c: c.year),
            Column("竞赛名称", lambda c: c.name),
            Column("竞赛类型", lambda c: c.get_kind_display()),
            Column("级别", lambda c: c.get_level_display()),
            Column("主办工会", lambda c: c.organizer.name),
            Column("联合主办单位", lambda c: c.co_organizers),
            Column("行业", lambda c: c.industry),
            Column("开始日期", lambda c: c.starts_on),
            Column("结束日期", lambda c: c.ends_on or ""),
            Column("状态", lambda c: c.get_state_display()),
            Column("参赛单位（班组）", lambda c: c.entry_count),
            Column("参赛选手", lambda c: c.contestant_count),
        ),
        list_url="merit:competition_list",
        audit_action="merit.competition.exported",
    ),
    ListExport(
        name="merit.competition_results",
        label="竞赛成绩",
        permission="merit.view",
        filter_form=ResultsFilterForm,
        rows=queries.result_rows,
        columns=(
            Column("工种/项目", lambda c: c.event.name),
            Column("名次", lambda c: c.rank or ""),
            Column("姓名", lambda c: c.name),
            Column("身份证号", _ric, full=lambda c: c.ric, text=True),
            Column("单位", lambda c: c.employer.name if c.employer else ""),
            Column("成绩", lambda c: c.score if c.score is not None else ""),
            Column("获奖", lambda c: c.prize),
            Column("是否选送", lambda c: "是" if c.sent_on else "否"),
            Column("上级比赛成绩", lambda c: c.next_result),
            Column("上级比赛名次", lambda c: c.next_rank or ""),
        ),
        list_url="merit:results",
        full_permission="merit.view_full_id",
        audit_action="merit.competition.results_exported",
    ),
)
