from django.core.management.base import BaseCommand

from gonghui.accounts.models import User
from gonghui.demo.district import DEMO_PASSWORD


class Command(BaseCommand):
    help = "列出演示账号。"

    def handle(self, *args, **options):
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for user in User.objects.select_related("organization").order_by("id"):
            self.stdout.write(
                f"  {user.username:<10} {user.get_role_display():<10} {user.organization}"
            )
