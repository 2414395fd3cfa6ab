"""The registry's and the studios' list exports (core.exports): the lists' own queries, so
scope holds; the RIC masked unless asked in full by who holds merit.view_full_id."""

from gonghui.core.exports import Column, ListExport
from gonghui.core.identity import mask

from ..forms.studios import StudioFilterForm
from ..forms.workers import ModelWorkerFilterForm
from ..queries.studios import studio_list
from ..queries.workers import model_worker_list

MODEL_WORKERS = ListExport(
    name="merit.model_workers",
    label="劳模名册",
    permission="merit.view",
    filter_form=ModelWorkerFilterForm,
    rows=lambda user, filters: model_worker_list(user=user, filters=filters),
    columns=(
        Column("姓名", lambda w: w.name),
        Column(
            "身份证号",
            lambda w: mask(w.ric_last4) if w.ric_last4 else "",
            full=lambda w: w.ric,
            text=True,
        ),
        Column("会员", lambda w: "是" if w.member_id else "否"),
        Column("级别", lambda w: w.get_level_display()),
        Column("获评年度", lambda w: w.year),
        Column("称号", lambda w: w.honor.honor_type.name),
        Column("文号", lambda w: w.honor.document_no),
        Column("工作单位", lambda w: w.employer.name if w.employer else ""),
        Column("所属工会", lambda w: w.union.name),
        Column("状态", lambda w: w.get_state_display()),
        Column("备注", lambda w: w.note),
    ),
    list_url="merit:model_worker_list",
    full_permission="merit.view_full_id",
    audit_action="merit.model_workers.exported",
)

STUDIOS = ListExport(
    name="merit.studios",
    label="劳模创新工作室",
    permission="merit.view",
    filter_form=StudioFilterForm,
    rows=lambda user, filters: studio_list(user=user, filters=filters),
    columns=(
        Column("工作室名称", lambda s: s.name),
        Column("级别", lambda s: s.get_level_display()),
        Column("所在单位", lambda s: s.employer.name),
        Column("所属工会", lambda s: s.union.name),
        Column("领衔人", lambda s: s.leader_name),
        Column("领衔人为名册劳模", lambda s: "是" if s.leader_id else "否"),
        Column("创新方向", lambda s: s.field),
        Column("创建日期", lambda s: s.founded_on),
        Column("成果数", lambda s: s.result_count),
        Column("状态", lambda s: "运行中" if s.is_active else "已停止"),
    ),
    list_url="merit:studio_list",
    audit_action="merit.studios.exported",
)
WORKER_EXPORTS = [MODEL_WORKERS, STUDIOS]
