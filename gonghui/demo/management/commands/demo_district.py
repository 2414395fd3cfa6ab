import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD, SCALES, DemoDataExists


class Command(BaseCommand):
    help = "装入演示区（番禺区）：组织树、单位、基层工会、任期、演示账号，及各业务的演示数据。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2014)
        parser.add_argument("--password", default=DEMO_PASSWORD)
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="基准日期（YYYY-MM-DD），默认今天",
        )
        parser.add_argument("--if-empty", action="store_true", help="库中已有数据时跳过而不报错")
        parser.add_argument(
            "--members", action="store_true", help="同时生成会员（人数与各基层工会会员数一致）"
        )

    def handle(self, *args, scale, seed, password, as_of, if_empty, members, **options):
        started = time.monotonic()
        try:
            context = build_demo(
                seed=seed, scale=scale, as_of=as_of, password=password, members=members
            )
        except DemoDataExists as exc:
            if if_empty:
                self.stdout.write("演示数据已存在，跳过。")
                return
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"演示区已装入（{scale}，种子 {seed}）：{context.summary()}，"
                f"用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
