"""The submission list's export (core.exports): the list's own query, so scope holds."""

from gonghui.core.exports import Column, ListExport

from ..forms.submissions import SubmissionFilterForm
from ..queries.submissions import submission_list

SUBMISSIONS = ListExport(
    name="activities.submissions",
    label="读书活动投稿",
    permission="activities.view",
    filter_form=SubmissionFilterForm,
    rows=lambda user, filters: submission_list(user=user, filters=filters),
    columns=(
        Column("活动", lambda s: s.activity.name),
        Column("年度", lambda s: s.activity.year),
        Column("题目", lambda s: s.title),
        Column("书名", lambda s: s.book),
        Column("作者", lambda s: s.member.name),
        Column("工会", lambda s: s.union.name),
        Column("投稿方式", lambda s: s.get_source_display()),
        Column("投稿时间", lambda s: s.submitted_at.strftime("%Y-%m-%d %H:%M")),
        Column("状态", lambda s: s.get_state_display()),
        Column("审核意见", lambda s: s.review_note),
        Column("获奖", lambda s: s.prize),
        Column("字数", lambda s: len(s.text)),
    ),
    list_url="activities:submission_list",
)
SUBMISSION_EXPORTS = [SUBMISSIONS]
