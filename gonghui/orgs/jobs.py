"""Background job: export the employer list (with the page's filters) to .xlsx."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from gonghui.core.jobs import JobProgress, job_handler
from gonghui.core.models import Job
from gonghui.core.tabular import write_xlsx

from .queries import employer_list

EMPLOYER_HEADERS = [
    "单位名称",
    "统一社会信用代码",
    "经济类型",
    "行业",
    "职工人数",
    "所在镇街",
    "所属基层工会",
    "劳务派遣企业",
    "地址",
]


@job_handler("orgs.employer_export")
def employer_export(job: Job, progress: JobProgress) -> dict[str, Any]:
    user = get_user_model().objects.select_related("organization").get(pk=job.created_by_id)
    qs = employer_list(user=user, filters=job.params.get("filters", {}))
    total = qs.count()
    progress.update(0, total, "正在导出…", force=True)
    rows = (
        [
            e.name,
            e.uscc,
            e.get_ownership_display(),
            e.get_industry_display(),
            e.headcount,
            e.town.name,
            e.union.name if e.union else "",
            e.is_labor_dispatch,
            e.address,
        ]
        for e in qs.iterator(chunk_size=2000)
    )
    relative = f"exports/job-{job.pk}-employers.xlsx"
    count = write_xlsx(
        settings.MEDIA_ROOT / relative,
        EMPLOYER_HEADERS,
        rows,
        sheet="用人单位",
        on_row=lambda n: progress.update(n, total),
    )
    return {"file": relative, "rows": count, "filename": "用人单位.xlsx"}
