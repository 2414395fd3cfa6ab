from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import restore_database


class Command(BaseCommand):
    help = "从备份文件恢复数据库（会覆盖当前数据）。"

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")

    def handle(self, *args, source, yes, **options):
        if not yes:
            raise CommandError("恢复会覆盖当前全部数据；确认后请加 --yes 重新执行。")
        try:
            restore_database(Path(source))
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已从 {source} 恢复。"))
