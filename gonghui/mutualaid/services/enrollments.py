"""Enrollment and contributions (CARE-3): every write of the enrollment part.

- `roster_enroll`: a union enrolls the members of an organization's subtree (optionally
  filtered) in a plan year; every member is checked by rules.enrollments, the rest go in,
  one EnrollmentBatch per grassroots union (amount due = count × contribution, refusals kept
  capped). Set-based so that 123,000 at once take seconds (bench/mutualaid.py): the members
  already enrolled in the year and those enrolled in the previous year are read once as id
  sets, the members streamed with only the columns the rules read, the rows written with
  the kernel's bulk insert (COPY on PostgreSQL), one transaction per chunk of unions.
  `write=False` is the preview: the same pass, nothing written.
- `enrollment_single`: one member (the member picker), the same rules.
- `enrollment_cancel`: 退保 with a reason; it stops counting that day.
- `payment_record`: a contribution paid towards a batch (entered, or imported from the
  bank); over what is still due is refused. Paid in full, the batch's enrollments become
  active with effective_on / waiting_until by the rules.
"""

import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.core.actors import actor_user
from gonghui.core.audit import audit_record, audit_records, register_actions
from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import as_flag
from gonghui.core.importing.bulk import insert_plan, insert_rows, tuned_for_bulk_writes
from gonghui.core.money import ZERO, money
from gonghui.core.permissions import require
from gonghui.core.scope import ensure_visible, lock
from gonghui.members.models import FLAG_FIELDS, Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from ..choices import BatchSource, CountedWhen, EnrollmentState
from ..models import ContributionPayment, Enrollment, EnrollmentBatch, PlanYear
from ..rules import enrollments as rules

ENROLL = "mutualaid.enroll"
RECORD = "mutualaid.contributions.record"
VIEW = "mutualaid.view"
REFUSALS_KEPT = 200  # per batch: the page shows them, the counts are exact
NAMES_PER_REASON = 5  # the preview's few names for each reason
CHUNK = 5_000  # enrollments per transaction (whole unions, so a batch is never split)
_IN = 900  # ids per IN (SQLite's old limit of 999 variables)

register_actions(
    {
        "mutualaid.batch.created": "医疗互助参保登记",
        "mutualaid.enrollment.cancelled": "医疗互助退保",
        "mutualaid.payment.recorded": "登记医疗互助缴费",
        "mutualaid.batch.paid": "医疗互助批次缴清",
        "mutualaid.enrollment.exported": "导出医疗互助参保记录",
        "mutualaid.batch.exported": "导出医疗互助参保批次",
    }
)


# ---- what a run did ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """What an enrollment (or its preview) did: counts, refusals grouped by reason with a few
    names, and the batches written."""

    enrolled: int = 0
    renewals: int = 0
    refused: int = 0
    reasons: Counter = field(default_factory=Counter)
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    batches: list[int] = field(default_factory=list)
    unions: int = 0
    amount_due: Decimal = ZERO
    written: bool = False

    @property
    def new(self) -> int:
        return self.enrolled - self.renewals

    def refuse(self, reason: str, name: str) -> None:
        self.refused += 1
        self.reasons[reason] += 1
        if len(self.names[reason]) < NAMES_PER_REASON:
            self.names[reason].append(name)

    def reason_rows(self) -> list[dict[str, Any]]:
        """[{reason, count, names}] the most common first (the preview's table)."""
        return [
            {"reason": r, "count": n, "names": self.names.get(r, [])}
            for r, n in self.reasons.most_common()
        ]

    def as_dict(self) -> dict[str, Any]:
        """JSON for a job's result and the API."""
        return {
            "enrolled": self.enrolled,
            "renewals": self.renewals,
            "new": self.enrolled - self.renewals,
            "refused": self.refused,
            "reasons": self.reason_rows(),
            "batches": list(self.batches),
            "unions": self.unions,
            "amount_due": str(money(self.amount_due)),
            "written": self.written,
            "message": self.message(),
        }

    def message(self) -> str:
        done = "已参保" if self.written else "可参保"
        return (
            f"{done}{self.enrolled}人（其中续保{self.renewals}人），未参保{self.refused}人，"
            f"涉及{self.unions}个基层工会，应缴{money(self.amount_due):,.2f}元。"
        )


@dataclass(frozen=True)
class RosterFilters:
    """Which members of the organization's subtree a roster enrollment takes (the member
    list's filters): an employer, joined on or before a day, the four flags."""

    employer: int | None = None
    joined_before: datetime.date | None = None
    flags: tuple[tuple[str, bool], ...] = ()

    @classmethod
    def of(cls, values: dict[str, Any] | None) -> "RosterFilters":
        values = values or {}
        employer = values.get("employer")
        employer = getattr(employer, "pk", employer)
        joined = values.get("joined_before")
        if isinstance(joined, str):
            joined = datetime.date.fromisoformat(joined) if joined else None
        flags = tuple(
            (name, wanted)
            for name in FLAG_FIELDS
            if (wanted := as_flag(values.get(name))) is not None
        )
        return cls(employer=int(employer) if employer else None, joined_before=joined, flags=flags)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: "yes" if wanted else "no" for name, wanted in self.flags}
        if self.employer:
            out["employer"] = self.employer
        if self.joined_before:
            out["joined_before"] = self.joined_before.isoformat()
        return out

    def apply(self, members: Any) -> Any:
        if self.employer:
            members = members.filter(employer_id=self.employer)
        if self.joined_before:
            members = members.filter(joined_on__lte=self.joined_before)
        for name, wanted in self.flags:
            members = members.filter(**{name: wanted})
        return members


# ---- checks every entry point shares ----------------------------------------------------------


def plan_open_check(plan: PlanYear, day: datetime.date, *, field: str = "plan") -> None:
    reason = rules.plan_closed_reason(
        year=plan.year,
        state=str(plan.state),
        ends_on=plan.ends_on,
        closes_on=plan.enroll_closes_on,
        day=day,
    )
    if reason:
        raise ApplicationError(reason, field=field)


def _org_check(actor: Any, org: Organization, plan: PlanYear) -> None:
    ensure_visible(actor, org)
    if not (org.path.startswith(plan.org_path) or plan.org_path.startswith(org.path)):
        raise ApplicationError(f"「{org.name}」不在{plan.year}年度计划的范围内。", field="org")


def _unions_under(org: Organization) -> dict[int, tuple[str, int | None, str]]:
    """{union id: (path, town id, name)} of the grassroots unions in `org`'s subtree."""
    rows = Organization.objects.within(org.path).filter(kind=OrgKind.GRASSROOTS)
    return {
        pk: (path, town, name)
        for pk, path, town, name in rows.values_list("pk", "path", "town_id", "name")
    }


def enrolled_ids(plan: PlanYear) -> set[int]:
    """Every member enrolled in the plan year (cancelled too: once a year)."""
    return set(Enrollment.objects.filter(plan=plan).values_list("member_id", flat=True))


def previous_ids(plan: PlanYear) -> set[int]:
    """The members a renewal is: enrolled, not cancelled, in the plan's previous year."""
    if not plan.previous_id:
        return set()
    rows = Enrollment.objects.filter(plan_id=plan.previous_id).exclude(
        state=EnrollmentState.CANCELLED
    )
    return set(rows.values_list("member_id", flat=True))


def _starting_state(plan: PlanYear) -> str:
    counted_at_once = plan.counted_when == CountedWhen.ENROLLED
    return EnrollmentState.ACTIVE if counted_at_once else EnrollmentState.PENDING


# ---- the roster enrollment ---------------------------------------------------------------------


def roster_enroll(
    *,
    actor: Any,
    plan: PlanYear,
    org: Organization,
    filters: dict[str, Any] | RosterFilters | None = None,
    day: datetime.date | None = None,
    write: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
) -> Outcome:
    """Enroll (or, `write=False`, preview enrolling) the members of `org`'s subtree in `plan`."""
    require(actor, ENROLL)
    day = day or today()
    plan_open_check(plan, day)
    _org_check(actor, org, plan)
    roster = filters if isinstance(filters, RosterFilters) else RosterFilters.of(filters)
    facts = rules.PlanFacts.of(plan)
    enrolled = enrolled_ids(plan)
    check = rules.RosterCheck(facts, day, enrolled=enrolled, previous=previous_ids(plan))
    unions = _unions_under(org)
    members = roster.apply(Member.objects.within(org.path).filter(union_id__in=list(unions)))
    total = members.count() if progress else None
    rows = (
        members.order_by("union_id", "id")
        .values_list("id", "name", "union_id", "status", "birth_date", "sex")
        .iterator(chunk_size=10_000)
    )
    writer = EnrollmentWriter(actor, plan, day, unions, len(enrolled)) if write else None
    with tuned_for_bulk_writes():
        return _enroll_all(rows, check, writer, plan, Outcome(written=write), progress, total)


def _enroll_all(rows, check, writer, plan, outcome, progress, total) -> Outcome:
    """The pass over the streamed members: check each, write whole unions in chunks."""
    pending: list[tuple[int, list, list, int]] = []  # (union, accepted, refusals, refused)
    size = done = 0
    for union_id, group in itertools.groupby(rows, key=lambda r: r[2]):
        accepted, refusals, refused = [], [], 0
        for member_id, name, _u, status, birth, sex in group:
            reason, renewal = check.check(member_id, status, birth, sex)
            if reason is None:
                accepted.append((member_id, renewal))
            else:
                refused += 1
                outcome.refuse(reason, name)
                if len(refusals) < REFUSALS_KEPT:
                    refusals.append({"member": member_id, "name": name, "reason": reason})
        done += len(accepted) + refused
        _count(outcome, accepted, plan.contribution)
        if writer is not None and accepted:
            pending.append((union_id, accepted, refusals, refused))
            size += len(accepted)
            if size >= CHUNK:
                outcome.batches += writer.write(pending)
                pending, size = [], 0
                if progress:
                    progress(done, total)
    if writer is not None and pending:
        outcome.batches += writer.write(pending)
    if progress:
        progress(done, done)
    return outcome


def _count(outcome: Outcome, accepted: list[tuple[int, bool]], contribution: Decimal) -> None:
    if not accepted:
        return
    outcome.unions += 1
    outcome.enrolled += len(accepted)
    outcome.renewals += sum(1 for _m, renewal in accepted if renewal)
    outcome.amount_due += contribution * len(accepted)


class EnrollmentWriter:
    """Writes whole unions' batches and enrollments, one transaction per `write` (the roster
    enrollment, one member, the list import)."""

    def __init__(
        self,
        actor: Any,
        plan: PlanYear,
        day: datetime.date,
        unions: dict[int, tuple[str, int | None, str]],
        enrolled_before: int,
        source: str = BatchSource.ROSTER,
        run: Any = None,
    ):
        self.actor, self.plan, self.day, self.unions = actor, plan, day, unions
        self.source, self.run = source, run
        self.expected = enrolled_before  # the plan's enrollments as this run knows them
        self.facts = rules.PlanFacts.of(plan)
        self.state = _starting_state(plan)
        self.insert = insert_plan(Enrollment)
        self.template = self.insert.template(
            {
                "plan_id": plan.pk,
                "state": self.state,
                "enrolled_on": day,
                "contribution": money(plan.contribution),
            }
        )
        self.effective = rules.effective_on(self.facts, enrolled_on=day, paid_on=None)

    def write(self, groups: list[tuple[int, list, list, int]]) -> list[int]:
        with transaction.atomic():
            # One run at a time per plan year: a second run waits here, then sees what the
            # first wrote (the unique (plan, member) index is the last word).
            lock_plan(self.plan)
            groups = self._still_new(groups)
            batches = self._batches(groups)
            rows = []
            for batch, (_union, accepted, _r, _n) in zip(batches, groups, strict=True):
                rows += self.rows(batch, accepted)
            insert_rows(Enrollment, rows)
            self.expected += len(rows)
            audit_records(
                actor=self.actor,
                action="mutualaid.batch.created",
                target_type=EnrollmentBatch._meta.label_lower,
                targets=[
                    (
                        b.pk,
                        b.number,
                        b.org_path,
                        {"plan": self.plan.year, "enrolled": b.enrolled_count, "source": b.source},
                    )
                    for b in batches
                ],
            )
        return [b.pk for b in batches]

    def _still_new(self, groups: list[tuple[int, list, list, int]]) -> list:
        """Drop members another run enrolled meanwhile (only read again when the plan's count
        says one did)."""
        if Enrollment.objects.filter(plan=self.plan).count() == self.expected:
            return groups
        taken = enrolled_ids(self.plan)
        self.expected = len(taken)
        reason = f"已参加{self.plan.year}年度计划"
        kept = []
        for union, accepted, refusals, refused in groups:
            fresh = [(m, r) for m, r in accepted if m not in taken]
            gone = len(accepted) - len(fresh)
            if gone:
                late = [{"member": m, "name": "", "reason": reason} for m, _r in accepted]
                refusals = refusals + [r for r in late if r["member"] in taken]
            if fresh:
                kept.append((union, fresh, refusals[:REFUSALS_KEPT], refused + gone))
        return kept

    def _batches(self, groups: list[tuple[int, list, list, int]]) -> list[EnrollmentBatch]:
        contribution = money(self.plan.contribution)
        first = next_batch_number(self.plan)  # under the plan's lock (write)
        made = []
        for i, (union_id, accepted, refusals, refused) in enumerate(groups):
            path, town_id, _name = self.unions[union_id]
            due = contribution * len(accepted)
            made.append(
                EnrollmentBatch(
                    number=batch_number(self.plan.year, first + i),
                    plan=self.plan,
                    union_id=union_id,
                    town_id=town_id,
                    source=self.source,
                    enrolled_on=self.day,
                    enrolled_count=len(accepted),
                    renewal_count=sum(1 for _m, r in accepted if r),
                    refused_count=refused,
                    refusals=refusals,
                    amount_due=due,
                    # nothing to pay: paid in full the day it is made
                    paid_on=self.day if due == ZERO else None,
                    run=self.run,
                    created_by=actor_user(self.actor),
                    org_path=path,
                )
            )
        EnrollmentBatch.objects.bulk_create(made, batch_size=500)
        if any(b.pk is None for b in made):  # a backend that returns no ids
            ids = dict(
                EnrollmentBatch.objects.filter(number__in=[b.number for b in made]).values_list(
                    "number", "pk"
                )
            )
            for b in made:
                b.pk = b.id = ids[b.number]
        return made

    def rows(self, batch: EnrollmentBatch, accepted: list[tuple[int, bool]]) -> list[list]:
        path, town_id, _name = self.unions[batch.union_id]
        shared = {
            "union_id": batch.union_id,
            "town_id": town_id,
            "batch_id": batch.pk,
            "org_path": path,
        }
        effective = self.effective
        if effective is None and batch.paid_on is not None:
            effective = batch.paid_on
        if effective is not None:
            shared["effective_on"] = effective
            shared["state"] = EnrollmentState.ACTIVE
        stored = self.insert.stored
        template = {**self.template, **{k: stored(v) for k, v in shared.items()}}
        waits = {False: None, True: None}
        if effective is not None:
            for renewal in waits:
                until = rules.waiting_until(self.facts, effective=effective, renewal=renewal)
                waits[renewal] = stored(until)
        renew = {True: stored(True), False: stored(False)}
        row = self.insert.stored_row
        return [
            row(template, {"member_id": m, "is_renewal": renew[r], "waiting_until": waits[r]})
            for m, r in accepted
        ]


def lock_plan(plan: PlanYear) -> None:
    """One enrollment at a time per plan year (inside the caller's transaction)."""
    PlanYear.objects.select_for_update().filter(pk=plan.pk).first()


def batch_number(year: int, n: int) -> str:
    """CB + the year + the batch's place in the year (CB201300000001): says which year."""
    return f"CB{year}{n:08d}"


def next_batch_number(plan: PlanYear) -> int:
    """The place of the plan year's next batch; asked with the plan's row locked, so two runs
    never take the same numbers (the number is unique too)."""
    prefix = f"CB{plan.year}"
    last = (
        EnrollmentBatch.objects.filter(plan=plan, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    tail = (last or "")[len(prefix) :]
    return int(tail) + 1 if tail.isdigit() and len(tail) == 8 else 1


# ---- one member --------------------------------------------------------------------------------


def enrollment_single(
    *, actor: Any, plan: PlanYear, member: Member, day: datetime.date | None = None
) -> Enrollment:
    """Enroll one member (a batch of one, source 逐人登记); refused with the rule's reason."""
    require(actor, ENROLL)
    day = day or today()
    plan_open_check(plan, day)
    ensure_visible(actor, member)
    union = Organization.objects.get(pk=member.union_id)
    _org_check(actor, union, plan)
    facts = rules.PlanFacts.of(plan)
    with transaction.atomic():
        lock_plan(plan)
        enrolled = Enrollment.objects.filter(plan=plan, member=member).exists()
        reason = rules.refusal(
            facts,
            status=str(member.status),
            birth_date=member.birth_date,
            sex=str(member.sex),
            day=day,
            enrolled=enrolled,
        )
        if reason:
            raise ApplicationError(f"{member.name}{reason}，不能参保。", field="member")
        renewal = member.pk in previous_of([member.pk], plan)
        unions = {union.pk: (union.path, union.town_id, union.name)}
        writer = EnrollmentWriter(actor, plan, day, unions, 0, source=BatchSource.SINGLE)
        writer.expected = Enrollment.objects.filter(plan=plan).count()
        (batch_id,) = writer.write([(union.pk, [(member.pk, renewal)], [], 0)])
    return Enrollment.objects.select_related("plan", "member", "batch").get(
        batch_id=batch_id, member=member
    )


def previous_of(member_ids: list[int], plan: PlanYear) -> set[int]:
    if not plan.previous_id:
        return set()
    found: set[int] = set()
    for start in range(0, len(member_ids), _IN):
        rows = Enrollment.objects.filter(
            plan_id=plan.previous_id, member_id__in=member_ids[start : start + _IN]
        ).exclude(state=EnrollmentState.CANCELLED)
        found.update(rows.values_list("member_id", flat=True))
    return found


def enrolled_of(member_ids: list[int], plan: PlanYear) -> dict[int, int]:
    """{member id: union id} of these members' enrollments in the plan year."""
    found: dict[int, int] = {}
    for start in range(0, len(member_ids), _IN):
        rows = Enrollment.objects.filter(plan=plan, member_id__in=member_ids[start : start + _IN])
        found.update(rows.values_list("member_id", "union_id"))
    return found


# ---- cancel ------------------------------------------------------------------------------------


def enrollment_cancel(
    *, actor: Any, enrollment: Enrollment, reason: str, day: datetime.date | None = None
) -> Enrollment:
    """退保: the enrollment stops counting from `day` (today); the reason is audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写退保原因。", field="reason")
    if len(reason) > 200:
        raise ApplicationError("退保原因最多200字。", field="reason")
    day = day or today()
    with transaction.atomic():
        row = lock(Enrollment, actor, enrollment.pk, ENROLL)
        if row.state == EnrollmentState.CANCELLED:
            raise ApplicationError(f"该参保记录已于{row.cancelled_on:%Y-%m-%d}退保。")
        plan = PlanYear.objects.get(pk=row.plan_id)
        if day > plan.ends_on:
            raise ApplicationError(f"{plan.year}年度的保障期已结束，不能退保。")
        before = row.state
        row.state, row.cancelled_on = EnrollmentState.CANCELLED, day
        row.save(update_fields=["state", "cancelled_on", "updated_at"])
        audit_record(
            actor=actor,
            action="mutualaid.enrollment.cancelled",
            target=row,
            data={"state": [before, row.state], "cancelled_on": day.isoformat(), "reason": reason},
        )
    return row


# ---- contributions -----------------------------------------------------------------------------


def payment_record(
    *,
    actor: Any,
    batch: EnrollmentBatch,
    amount: Decimal,
    paid_on: datetime.date,
    reference: str = "",
    run: Any = None,
) -> ContributionPayment:
    """Record money paid towards a batch. Refused when it is not positive or is more than what
    is still due; the payment that completes it activates the batch's enrollments."""
    amount = money(amount)
    reference = (reference or "").strip()
    if amount <= ZERO:
        raise ApplicationError("缴费金额应大于0。", field="amount")
    if len(reference) > 60:
        raise ApplicationError("凭证号最多60个字符。", field="reference")
    if paid_on > today():
        raise ApplicationError("到账日期不能晚于今天。", field="paid_on")
    with transaction.atomic():
        row = lock(EnrollmentBatch, actor, batch.pk, RECORD)
        if paid_on < row.enrolled_on:
            raise ApplicationError(
                f"到账日期不能早于批次登记日期{row.enrolled_on:%Y-%m-%d}。", field="paid_on"
            )
        outstanding = money(row.amount_due) - money(row.amount_paid)
        if amount > outstanding:
            raise ApplicationError(
                f"批次{row.number}尚欠{outstanding:,.2f}元，本次{amount:,.2f}元超出应缴金额，"
                "不能登记。",
                field="amount",
            )
        payment = ContributionPayment.objects.create(
            batch=row,
            amount=amount,
            paid_on=paid_on,
            reference=reference,
            run=run,
            recorded_by=actor_user(actor),
            org_path=row.org_path,
        )
        row.amount_paid = money(row.amount_paid) + amount
        fields = ["amount_paid", "updated_at"]
        if row.amount_paid == money(row.amount_due) and row.paid_on is None:
            row.paid_on = paid_on
            fields.append("paid_on")
        row.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="mutualaid.payment.recorded",
            target=row,
            data={"amount": str(amount), "paid_on": paid_on.isoformat(), "reference": reference},
        )
        if "paid_on" in fields:
            activated = batch_activate(row, actor=actor)
            audit_record(
                actor=actor,
                action="mutualaid.batch.paid",
                target=row,
                data={"paid_on": paid_on.isoformat(), "activated": activated},
            )
    return payment


def batch_activate(batch: EnrollmentBatch, *, actor: Any = None) -> int:
    """The batch's pending enrollments active from its payment (rules.effective_on) with their
    waiting periods; how many (two UPDATEs, however large the batch)."""
    plan = PlanYear.objects.get(pk=batch.plan_id)
    facts = rules.PlanFacts.of(plan)
    effective = rules.effective_on(facts, enrolled_on=batch.enrolled_on, paid_on=batch.paid_on)
    if effective is None:
        return 0
    pending = Enrollment.objects.filter(batch=batch, state=EnrollmentState.PENDING)
    now = timezone.now()
    done = 0
    for renewal in (False, True):
        done += pending.filter(is_renewal=renewal).update(
            state=EnrollmentState.ACTIVE,
            effective_on=effective,
            waiting_until=rules.waiting_until(facts, effective=effective, renewal=renewal),
            updated_at=now,
        )
    return done


def batches_by_number(numbers: Iterable[str]) -> dict[str, EnrollmentBatch]:
    rows = EnrollmentBatch.objects.filter(number__in=list(numbers))
    return {b.number: b for b in rows}


def payment_exists(batch_id: int, reference: str) -> ContributionPayment | None:
    """The payment already recorded for this batch under this reference (an import's key)."""
    if not reference:
        return None
    return ContributionPayment.objects.filter(batch_id=batch_id, reference=reference).first()


# ---- as a background job (a large roster) ------------------------------------------------------

JOB_KIND = "mutualaid.roster_enroll"
INLINE_MAX = 3_000  # enrollments run inline on the page; more go to a job with progress


def roster_enroll_start(
    *,
    actor: Any,
    plan: PlanYear,
    org: Organization,
    filters: dict[str, Any] | None = None,
    expected: int = 0,
    return_url: str = "",
) -> Outcome | Any:
    """Run the roster enrollment now when it is small (the Outcome), else start a job (the
    Job, whose page shows the progress and the result)."""
    require(actor, ENROLL)
    roster = RosterFilters.of(filters)
    if expected <= INLINE_MAX:
        return roster_enroll(actor=actor, plan=plan, org=org, filters=roster)
    plan_open_check(plan, today())
    _org_check(actor, org, plan)
    from gonghui.core.jobs import job_start

    return job_start(
        kind=JOB_KIND,
        title=f"{plan.year}年度医疗互助参保：{org.name}",
        actor=actor,
        org_path=org.path,
        params={
            "plan": plan.pk,
            "org": org.pk,
            "filters": roster.as_dict(),
            "return_url": return_url,
        },
    )


def _run_job(job: Any, progress: Any) -> dict[str, Any]:
    """The job: the same service as the page, as the person who started it."""
    params = job.params
    actor = job.created_by
    plan = PlanYear.objects.get(pk=params["plan"])
    org = Organization.objects.get(pk=params["org"])
    outcome = roster_enroll(
        actor=actor,
        plan=plan,
        org=org,
        filters=params.get("filters") or {},
        progress=lambda done, total: progress.update(done, total, "正在参保登记…"),
    )
    return outcome.as_dict()


def _register_job() -> None:
    from gonghui.core.jobs import job_handler

    job_handler(JOB_KIND)(_run_job)


_register_job()
