"""Re-election (换届) workflow: prepared → elected → approved by the union one level up.

Approval starts the new Term (services.term_from_election): the way a union's term is made;
district staff may also record one directly, with a reason (services.term_record). If you
add a state, add it to the graph in docs/workflows.md.
"""

import datetime
from typing import Any

from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.scope import ensure_visible
from gonghui.core.workflow import Transition, Workflow

from .choices import ElectionState as S
from .models import Election, Organization
from .services import term_from_election


def _upper_union_only(election: Election, actor: Any) -> None:
    """Art. 12: the approving body is above the union, never the union itself."""
    if actor.organization_id == election.organization_id:
        raise PermissionDenied("换届结果须由上一级工会批复，本级工会不能自行批复。")


def _has_result(election: Election, actor: Any) -> None:
    if not election.elected_on or not election.chair_name:
        raise ApplicationError("请先填写选举日期和当选主席。")


ELECTION_WORKFLOW = Workflow(
    "orgs.election",
    S,
    [
        Transition(
            "record_result",
            "登记选举结果",
            (S.PREPARING,),
            S.ELECTED,
            "orgs.edit_own",
            guards=(_has_result,),
            service="gonghui.orgs.elections.election_record_result",
            form="gonghui.orgs.forms.ElectionResultForm",
            schema="gonghui.orgs.schemas.ElectionResultIn",
        ),
        Transition(
            "approve",
            "上级批复同意",
            (S.ELECTED,),
            S.APPROVED,
            "orgs.edit",
            allowed=(_upper_union_only,),
            service="gonghui.orgs.elections.election_approve",
            form="gonghui.orgs.forms.ElectionApproveForm",
            schema="gonghui.orgs.schemas.ElectionApproveIn",
        ),
        Transition(
            "reject",
            "上级不予批准",
            (S.ELECTED,),
            S.REJECTED,
            "orgs.edit",
            allowed=(_upper_union_only,),
            service="gonghui.orgs.elections.election_reject",
            confirm="确定不予批准「{obj}」的选举结果吗？该次换届将结束，须重新启动换届。",
            form="gonghui.orgs.forms.ElectionRejectForm",
            schema="gonghui.orgs.schemas.ElectionRejectIn",
        ),
    ],
    model="orgs.Election",
    object_arg="election",
    view_permission="orgs.view",
    detail_url="orgs:election_detail",
)


@transaction.atomic
def election_start(
    *, actor: Any, org: Organization, planned_on: datetime.date, term_years: int
) -> Election:
    ensure_visible(actor, org, "orgs.edit_own")
    if org.elections.filter(state__in=[S.PREPARING, S.ELECTED]).exists():
        raise ApplicationError("该工会已有进行中的换届。")
    if term_years not in (3, 5):
        raise ApplicationError("每届任期为3年或5年。", field="term_years")
    election = Election.objects.create(
        organization=org, org_path=org.path, planned_on=planned_on, term_years=term_years
    )
    ELECTION_WORKFLOW.record_start(election, actor=actor)
    audit_record(actor=actor, action="orgs.election.created", target=election)
    return election


def election_record_result(
    *,
    actor: Any,
    election: Election,
    version: int | None,
    elected_on: datetime.date,
    chair_name: str,
) -> Election:
    ensure_visible(actor, election)
    if elected_on > today():
        raise ApplicationError("选举日期不能晚于今天。", field="elected_on")
    return ELECTION_WORKFLOW.transition(
        election,
        "record_result",
        actor=actor,
        version=version,
        changes={"elected_on": elected_on, "chair_name": chair_name.strip()},
    )


@transaction.atomic
def election_approve(
    *,
    actor: Any,
    election: Election,
    version: int | None,
    approval_doc_no: str,
    approved_on: datetime.date,
) -> Election:
    ensure_visible(actor, election)
    if not approval_doc_no.strip():
        raise ApplicationError("请填写上级批复文号。", field="approval_doc_no")
    election = ELECTION_WORKFLOW.transition(
        election,
        "approve",
        actor=actor,
        version=version,
        changes={"approval_doc_no": approval_doc_no.strip(), "approved_on": approved_on},
    )
    term_from_election(actor=actor, election=election)
    Organization.objects.filter(pk=election.organization_id).update(chair_name=election.chair_name)
    return election


def election_reject(
    *, actor: Any, election: Election, version: int | None, reason: str
) -> Election:
    ensure_visible(actor, election)
    if not reason.strip():
        raise ApplicationError("请填写不予批准的原因。", field="reason")
    return ELECTION_WORKFLOW.transition(
        election, "reject", actor=actor, version=version, note=reason.strip()
    )
