from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from gonghui.demo.context import DEMO_PASSWORD


class Command(BaseCommand):
    help = "列出演示账号。"

    def handle(self, *args, **options):
        # The user model through Django, not by import: the demo app sits below accounts.
        users = get_user_model().objects.select_related("organization").order_by("id")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for user in users:
            self.stdout.write(
                f"  {user.username:<10} {user.get_role_display():<10} {user.organization}"
            )
