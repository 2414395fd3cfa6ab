from django.conf import settings

from .notify import unread_count
from .registry import menu_for


def navigation(request):
    """The staff menu (registry store `menu`, filtered by the role's permissions)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": menu_for(user),
        "unread_notifications": unread_count(user),
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
