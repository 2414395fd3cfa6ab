"""The collective contract's workflow (DEMO-1; domain-rules §7, rule 39).

signed (已签订) ─submit (报送日期)─▶ submitted (已报送审查)
submitted ─object (审查意见书, within 15 days)─▶ objected ─resubmit (修改后重新报送)─▶ submitted
submitted ─take_effect (no objection; on filing + 15 days, also the daily job)─▶ effective
signed / submitted / objected / effective ─terminate (终止日期, reason)─▶ terminated

A contract in force is an effective one within its term (queries.in_force_on); expiry is a
date, not a state. Renewal is a new contract linked by `renews` (services.contract_renew).
"""

from gonghui.core.workflow import Workflow, app_step

from ..choices import ContractState as S

PACKAGE = "gonghui.democracy"
MANAGE = "democracy.contracts.manage"


def _step(name, label, sources, target, **kwargs):
    """Served by `services.contracts.contract_<name>`, input in forms/schemas.contracts."""
    return app_step(
        PACKAGE, "contracts", "contract", name, label, sources, target, MANAGE, **kwargs
    )


CONTRACT_WORKFLOW = Workflow(
    "democracy.contract",
    S,
    [
        _step(
            "submit",
            "报送劳动行政部门审查",
            (S.SIGNED,),
            S.SUBMITTED,
            form="SubmitForm",
            schema="SubmitIn",
        ),
        _step(
            "object",
            "登记审查意见书",
            (S.SUBMITTED,),
            S.OBJECTED,
            form="ObjectionForm",
            schema="ObjectionIn",
        ),
        _step(
            "resubmit",
            "修改后重新报送",
            (S.OBJECTED,),
            S.SUBMITTED,
            form="SubmitForm",
            schema="SubmitIn",
        ),
        _step(
            "take_effect",
            "审查期满生效",
            (S.SUBMITTED,),
            S.EFFECTIVE,
            confirm="确定「{obj}」在审查期内未收到审查意见书、自报送之日起满15日生效吗？生效后计入建制率。",
        ),
        _step(
            "terminate",
            "终止合同",
            (S.SIGNED, S.SUBMITTED, S.OBJECTED, S.EFFECTIVE),
            S.TERMINATED,
            form="TerminateForm",
            schema="TerminateIn",
            confirm="确定终止「{obj}」吗？终止后不能恢复，终止日起不再计入建制率。",
        ),
    ],
    model="democracy.CollectiveContract",
    object_arg="contract",
    view_permission="democracy.view",
    detail_url="democracy:contract_detail",
)
