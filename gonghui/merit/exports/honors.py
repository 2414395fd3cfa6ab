"""List exports of honors (core.exports): 荣誉名录 and the nominations, each its list's own
query, so scope holds; a nominee's RIC masked unless asked for in full with
merit.view_full_id."""

from gonghui.core.exports import Column, ListExport
from gonghui.core.identity import mask

from ..forms.honors import HonorFilterForm, NominationFilterForm
from ..queries.honors import honor_list, nomination_list

HONORS = ListExport(
    name="merit.honors",
    label="荣誉名录",
    permission="merit.view",
    filter_form=HonorFilterForm,
    rows=lambda user, filters: honor_list(user=user, filters=filters),
    columns=(
        Column("年度", lambda h: h.year),
        Column("荣誉", lambda h: h.honor_type.name),
        Column("级别", lambda h: h.honor_type.get_level_display()),
        Column("授予对象", lambda h: h.honor_type.get_subject_display()),
        Column("获得者", lambda h: h.name),
        Column("所在单位", lambda h: h.employer.name if h.employer else ""),
        Column("所属工会", lambda h: h.union.name if h.union else ""),
        Column("授予日期", lambda h: h.awarded_on or ""),
        Column("文号", lambda h: h.document_no, text=True),
    ),
    list_url="merit:honor_list",
    audit_action="merit.honors.exported",
)

NOMINATIONS = ListExport(
    name="merit.nominations",
    label="评先评优推荐对象",
    permission="merit.view",
    filter_form=NominationFilterForm,
    rows=lambda user, filters: nomination_list(user=user, filters=filters),
    columns=(
        Column("评选", lambda n: n.round.name),
        Column("年度", lambda n: n.round.year),
        Column("被推荐对象", lambda n: n.name),
        Column("身份证号", lambda n: mask(n.ric_last4), full=lambda n: n.ric, text=True),
        Column("所在单位", lambda n: n.employer.name if n.employer else ""),
        Column("职务或岗位", lambda n: n.position),
        Column("类别", lambda n: "、".join(n.category_labels)),
        Column("推荐工会", lambda n: n.union.name),
        Column("状态", lambda n: n.get_state_display()),
        Column("审核意见", lambda n: n.decision_note),
    ),
    list_url="merit:nomination_list",
    full_permission="merit.view_full_id",
    audit_action="merit.nominations.exported",
)

HONOR_EXPORTS = [HONORS, NOMINATIONS]
