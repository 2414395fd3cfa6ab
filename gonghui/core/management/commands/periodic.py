import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.periodic import is_due, periodic_jobs, run_due, run_now


class Command(BaseCommand):
    help = "运行到期的定时任务（供 cron 每几分钟调用一次，或用 --loop 常驻）。"

    def add_arguments(self, parser):
        parser.add_argument("--job", action="append", default=[], help="立即运行指定任务（可多次）")
        parser.add_argument("--list", action="store_true", help="列出已登记的定时任务")
        parser.add_argument("--loop", type=int, default=0, help="每隔这么多秒检查一次，不退出")

    def handle(self, *args, job, list, loop, **options):
        if list:
            for entry in periodic_jobs():
                due = "到期" if is_due(entry) else "未到期"
                self.stdout.write(f"{entry.name:<28} 每{entry.every} {entry.title}（{due}）")
            return
        if job:
            known = {entry.name: entry for entry in periodic_jobs()}
            missing = [name for name in job if name not in known]
            if missing:
                raise CommandError(f"没有这些定时任务：{'、'.join(missing)}")
            self._report([run_now(known[name]) for name in job])
            return
        while True:
            self._report(run_due())
            if not loop:
                return
            time.sleep(loop)

    def _report(self, runs) -> None:
        for run in runs:
            self.stdout.write(f"{run.name}：{run.get_status_display()} {run.result or run.message}")
