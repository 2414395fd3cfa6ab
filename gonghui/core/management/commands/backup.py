import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.actors import system_actor
from gonghui.core.archive import BackupInvalid, create_backup
from gonghui.core.audit import audit_record


class Command(BaseCommand):
    help = "备份数据库和上传的文件（附件、花名册、错误报告）为一个归档，附校验清单。"

    def add_arguments(self, parser):
        parser.add_argument(
            "target", nargs="?", help="备份文件路径，默认 var/backups/gonghui-时间戳.tar"
        )

    def handle(self, *args, target=None, **options):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = (
            Path(target) if target else Path(settings.VAR_DIR) / "backups" / f"gonghui-{stamp}.tar"
        )
        try:
            manifest = create_backup(path)
        except BackupInvalid as exc:
            raise CommandError(exc.message) from exc
        files = manifest["files"]
        audit_record(
            actor=system_actor("core.backup", "数据库备份"),
            action="core.backup.created",
            data={"file": str(path), "files": len(files)},
        )
        size = sum(f["size"] for f in files)
        self.stdout.write(
            self.style.SUCCESS(f"已备份到 {path}（数据库及 {len(files)} 个文件，共 {size:,} 字节）")
        )
