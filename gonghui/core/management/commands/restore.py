from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.archive import BackupInvalid, restore_backup


class Command(BaseCommand):
    help = "从备份归档恢复数据库和文件（先校验整个归档；会覆盖当前数据）。"

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")

    def handle(self, *args, source, yes, **options):
        if not yes:
            raise CommandError("恢复会覆盖当前全部数据；确认后请加 --yes 重新执行。")
        try:
            manifest = restore_backup(Path(source))
        except BackupInvalid as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {source} 恢复（备份于 {manifest['created_at']}，"
                f"{len(manifest['files'])} 个文件）。如备份来自旧版本，请再运行 manage.py migrate。"
            )
        )
