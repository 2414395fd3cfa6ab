"""List exports of the harmonious-relations rating (core.exports): rounds, applications,
the employers holding a valid rating, and the awards; each its list's own query, so scope
holds."""

from gonghui.core.exports import Column, ListExport

from ..forms.ratings import (
    ApplicationFilterForm,
    AwardFilterForm,
    RatedFilterForm,
    RoundFilterForm,
)
from ..queries.ratings import application_list, award_list, rated_list, round_list


def _town(row) -> str:
    return row.employer.town.name if row.employer.town_id else ""


ROUNDS = ListExport(
    name="democracy.rating_rounds",
    label="和谐劳动关系评定",
    permission="democracy.view",
    filter_form=RoundFilterForm,
    rows=lambda user, filters: round_list(user=user, filters=filters),
    columns=(
        Column("评定", lambda r: r.name),
        Column("年度", lambda r: r.year),
        Column("组织单位", lambda r: r.organizer.name),
        Column("申报企业", lambda r: r.application_count),
        Column("状态", lambda r: r.get_state_display()),
        Column("公示开始", lambda r: r.notice_from or ""),
        Column("公示截止", lambda r: r.notice_until or ""),
        Column("公布日期", lambda r: r.decided_on or ""),
        Column("文号", lambda r: r.document_no, text=True),
    ),
    list_url="democracy:round_list",
    audit_action="democracy.rating_rounds.exported",
)

APPLICATIONS = ListExport(
    name="democracy.rating_applications",
    label="和谐劳动关系企业申报",
    permission="democracy.view",
    filter_form=ApplicationFilterForm,
    rows=lambda user, filters: application_list(user=user, filters=filters),
    columns=(
        Column("评定", lambda a: a.round.name),
        Column("年度", lambda a: a.round.year),
        Column("单位", lambda a: a.employer.name),
        Column("镇街", _town),
        Column("申报工会", lambda a: a.union.name),
        Column("申报等级", lambda a: a.get_level_applied_display()),
        Column("总分", lambda a: a.total_score if a.total_score is not None else ""),
        Column("评定等级", lambda a: a.get_level_display() if a.level else ""),
        Column("有效期至", lambda a: a.valid_until or ""),
        Column("状态", lambda a: a.get_state_display()),
        Column("评审意见", lambda a: a.decision_note),
    ),
    list_url="democracy:application_list",
    audit_action="democracy.rating_applications.exported",
)

RATED = ListExport(
    name="democracy.rated_employers",
    label="和谐劳动关系企业名录",
    permission="democracy.view",
    filter_form=RatedFilterForm,
    rows=lambda user, filters: rated_list(user=user, filters=filters),
    columns=(
        Column("单位", lambda a: a.employer.name),
        Column("镇街", _town),
        Column("等级", lambda a: a.get_level_display()),
        Column("评定年度", lambda a: a.round.year),
        Column("有效期至", lambda a: a.valid_until or ""),
        Column("文号", lambda a: a.round.document_no, text=True),
    ),
    list_url="democracy:rated_list",
    audit_action="democracy.rated_employers.exported",
)

AWARDS = ListExport(
    name="democracy.awards",
    label="优秀企业家和优秀员工",
    permission="democracy.view",
    filter_form=AwardFilterForm,
    rows=lambda user, filters: award_list(user=user, filters=filters),
    columns=(
        Column("评定", lambda w: w.round.name),
        Column("年度", lambda w: w.round.year),
        Column("表扬类别", lambda w: w.get_kind_display()),
        Column("姓名", lambda w: w.name),
        Column("职务或岗位", lambda w: w.position),
        Column("所在单位", lambda w: w.employer.name),
        Column("推荐工会", lambda w: w.union.name),
        Column("状态", lambda w: w.get_state_display()),
    ),
    list_url="democracy:award_list",
    audit_action="democracy.awards.exported",
)

RATING_EXPORTS = [ROUNDS, APPLICATIONS, RATED, AWARDS]
