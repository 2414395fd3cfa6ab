"""Background job: export the member list (with the page's filters) to .xlsx (MEM-5).

RIC and phone are masked unless the user asked for them in full and may see them
(members.view_full_id); either way the export is audited with its row count.
"""

import secrets
from typing import Any

from django.conf import settings

from gonghui.accounts.models import User
from gonghui.core.audit import audit_record
from gonghui.core.ids import mask_phone, mask_ric
from gonghui.core.jobs import JobProgress, job_handler
from gonghui.core.models import Job
from gonghui.core.tabular import write_xlsx

from .models import Member
from .queries import member_list

MEMBER_HEADERS = [
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "手机号",
    "所属基层工会",
    "工作单位",
    "入会日期",
    "学历",
    "民族",
    "农民工",
    "劳务派遣工",
    "新就业形态劳动者",
    "劳模",
    "会籍状态",
]


def member_row(m: Member, *, full_id: bool) -> list[Any]:
    return [
        m.name,
        m.ric if full_id else mask_ric(m.ric),
        m.get_sex_display(),
        m.birth_date,
        m.phone if full_id else mask_phone(m.phone),
        m.union.name,
        m.employer.name if m.employer else "",
        m.joined_on,
        m.get_education_display(),
        m.ethnicity,
        m.is_migrant_worker,
        m.is_dispatched,
        m.is_new_form_worker,
        m.is_model_worker,
        m.get_status_display(),
    ]


@job_handler("members.member_export")
def member_export(job: Job, progress: JobProgress) -> dict[str, Any]:
    user = User.objects.select_related("organization").get(pk=job.created_by_id)
    full_id = bool(job.params.get("full_id")) and user.can("members.view_full_id")
    qs = member_list(user=user, filters=job.params.get("filters", {}))
    total = qs.count()
    progress.update(0, total, "正在导出…", force=True)
    rows = (
        [str(v) if hasattr(v, "isoformat") else v for v in member_row(m, full_id=full_id)]
        for m in qs.iterator(chunk_size=2000)
    )
    # A random part keeps files apart when several databases share one folder (test workers).
    relative = f"exports/job-{job.pk}-{secrets.token_hex(4)}-members.xlsx"
    count = write_xlsx(
        settings.MEDIA_ROOT / relative,
        MEMBER_HEADERS,
        rows,
        sheet="会员名册",
        on_row=lambda n: progress.update(n, total),
    )
    audit_record(
        actor=user,
        action="members.member.exported",
        org_path=job.org_path,
        data={"rows": count, "full_id": full_id, "filters": job.params.get("filters", {})},
    )
    return {"file": relative, "rows": count, "filename": "会员名册.xlsx"}
