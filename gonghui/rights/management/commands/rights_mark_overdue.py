import datetime

from django.core.management.base import BaseCommand

from gonghui.rights.services.common import today as local_today
from gonghui.rights.services.overdue import cases_mark_overdue


class Command(BaseCommand):
    help = "每日任务：标记超期维权案件并通知承办人；办结后逾期未评价的案件自动结案。"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        result = cases_mark_overdue(today=today or local_today())
        self.stdout.write(
            f"标记超期 {result.marked} 件，发出通知 {result.notified} 条，自动结案 {result.closed} 件。"
        )
