"""The legal-person certificate request's workflow (ORG-4): a union submits; the staff of
its town or of the district return it for correction, reject it, or approve it (a new
certificate issued, a change applied, a cancellation made); the union may resubmit a returned
one or withdraw it. The approving step is one per kind (issue / change / cancel), each shown
only on a request of its kind. If you add a state, add it to docs/workflows.md."""

from typing import Any

from gonghui.core.errors import PermissionDenied
from gonghui.core.workflow import Transition, Workflow

from .choices import CertificateRequestKind as K
from .choices import CertificateRequestState as S

APPLY = "certificates.apply"
CHECK = "certificates.check"
SERVICES = "gonghui.orgs.services_certificates"
FORMS = "gonghui.orgs.forms_certificates"
SCHEMAS = "gonghui.orgs.schemas_certificates"


def _of_kind(kind: str):
    def guard(request: Any, actor: Any) -> None:
        if request.kind != kind:
            raise PermissionDenied(f"该申请不是「{K(kind).label}」，不能执行此操作。")

    return guard


def _not_the_applicant_union(request: Any, actor: Any) -> None:
    """The check is the town's or the district's, never the applying union's own."""
    if actor.organization_id == request.organization_id:
        raise PermissionDenied("法人资格证书申请须由镇街或区总工会审核，申请工会不能自行审核。")


def _applicant(request: Any, actor: Any) -> None:
    """The union itself (its chair) or staff above it, on its behalf."""
    if actor.organization_id != request.organization_id and not actor.can(CHECK):
        raise PermissionDenied("只有申请工会或其上级工会可以修改、撤回该申请。")


def _step(name: str, label: str, sources, target, permission, *, form="", schema="", **kw):
    return Transition(
        name,
        label,
        sources,
        target,
        permission,
        service=f"{SERVICES}.certificate_request_{name}",
        form=f"{FORMS}.{form}" if form else None,
        schema=f"{SCHEMAS}.{schema}" if schema else None,
        **kw,
    )


CERTIFICATE_REQUEST_WORKFLOW = Workflow(
    "orgs.certificate_request",
    S,
    [
        _step(
            "return",
            "退回补正",
            (S.SUBMITTED,),
            S.RETURNED,
            CHECK,
            form="NoteForm",
            schema="NoteIn",
            allowed=(_not_the_applicant_union,),
        ),
        _step(
            "resubmit",
            "补正后重新提交",
            (S.RETURNED,),
            S.SUBMITTED,
            APPLY,
            form="ResubmitForm",
            schema="ResubmitIn",
            allowed=(_applicant,),
        ),
        _step(
            "issue",
            "核准并发证",
            (S.SUBMITTED,),
            S.APPROVED,
            CHECK,
            form="IssueForm",
            schema="IssueIn",
            allowed=(_not_the_applicant_union, _of_kind(K.NEW)),
        ),
        _step(
            "change",
            "核准变更",
            (S.SUBMITTED,),
            S.APPROVED,
            CHECK,
            allowed=(_not_the_applicant_union, _of_kind(K.CHANGE)),
            confirm="确定核准「{obj}」吗？证书的法定代表人、住所将按申请变更。",
        ),
        _step(
            "cancel",
            "核准注销",
            (S.SUBMITTED,),
            S.APPROVED,
            CHECK,
            allowed=(_not_the_applicant_union, _of_kind(K.CANCEL)),
            confirm="确定核准「{obj}」吗？该工会的法人资格证书将被注销，不能恢复。",
        ),
        _step(
            "reject",
            "不予办理",
            (S.SUBMITTED,),
            S.REJECTED,
            CHECK,
            form="NoteForm",
            schema="NoteIn",
            allowed=(_not_the_applicant_union,),
            confirm="确定对「{obj}」不予办理吗？该申请将结束，不能再补正，须重新申请。",
        ),
        _step(
            "withdraw",
            "撤回申请",
            (S.SUBMITTED, S.RETURNED),
            S.WITHDRAWN,
            APPLY,
            allowed=(_applicant,),
            confirm="确定撤回「{obj}」吗？撤回后不能恢复，须重新申请。",
        ),
    ],
    model="orgs.CertificateRequest",
    object_arg="certificate_request",
    view_permission="certificates.view",
    detail_url="orgs:certificate_request_detail",
)
