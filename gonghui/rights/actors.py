"""Accounts that act for no logged-in person: the worker pages and the daily task.

Workflow events and audit entries need a user; these have no usable password and no
organization, so nobody can log in as them and they see nothing through the data scope.
"""

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role

PORTAL = ("rights-portal", "职工（网上提交）")
SYSTEM = ("rights-system", "系统（定时任务）")


def _actor(spec: tuple[str, str]) -> User:
    username, display = spec
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, display_name=display, role=Role.DISTRICT_STAFF)
        user.set_unusable_password()
        user.save()
    return user


def portal_actor() -> User:
    return _actor(PORTAL)


def system_actor() -> User:
    return _actor(SYSTEM)
