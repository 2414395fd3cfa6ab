import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.audit import audit_record
from gonghui.demo.district import DEMO_PASSWORD, SCALES, build_district
from gonghui.demo.members import generate_members
from gonghui.demo.rights import build_rights
from gonghui.orgs.models import Organization


class Command(BaseCommand):
    help = "装入演示区（番禺区）：组织树、单位、基层工会、任期、演示账号。"

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
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("演示数据已存在，跳过。")
                return
            raise CommandError("数据库中已有组织数据；演示数据只能装入空库。")
        started = time.monotonic()
        built = build_district(seed=seed, scale=scale, password=password, as_of=as_of)
        build_rights(seed=seed, as_of=as_of, password=password)
        member_rows = generate_members(seed=seed, as_of=as_of) if members else 0
        audit_record(
            actor=None,
            actor_name="system",
            action="core.demo.loaded",
            data={"scale": scale, "seed": seed, "members": member_rows},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"演示区已装入（{scale}，种子 {seed}）：组织 {len(built.orgs)}，单位 {len(built.employers)}，"
                f"会员 {member_rows}，"
                f"用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
