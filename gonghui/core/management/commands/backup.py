import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from gonghui.core.actors import system_actor
from gonghui.core.audit import audit_record
from gonghui.core.backup import backup_database


class Command(BaseCommand):
    help = "备份数据库（SQLite 在线备份；PostgreSQL 使用 pg_dump）。"

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="备份文件路径，默认 var/backups/时间戳")

    def handle(self, *args, target=None, **options):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = (
            Path(target)
            if target
            else Path(settings.VAR_DIR) / "backups" / f"gonghui-{stamp}.backup"
        )
        backup_database(path)
        audit_record(
            actor=system_actor("core.backup", "数据库备份"),
            action="core.backup.created",
            data={"file": str(path)},
        )
        self.stdout.write(self.style.SUCCESS(f"已备份到 {path}"))
