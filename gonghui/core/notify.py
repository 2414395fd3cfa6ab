"""Notifications to staff about any row, delivered by a background task (PLAT-6).

`notify(recipients=..., target=..., message=..., url=...)` writes one `Notification` row
per recipient inside the caller's transaction (what the page's notification list shows) and,
after the commit, enqueues `deliver_notification` for each, which sends it on every channel
named in settings.NOTIFY_CHANNELS. Channels are pluggable (`register_channel`):

- "console": a log line (development, tests);
- "email": Django's mail backend (EMAIL_BACKEND) to the recipient's address, if any;
- "sms": the interface an SMS gateway implements; the stock one sends nothing and says so.
"""

import logging
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from .models import Notification

logger = logging.getLogger("gonghui.notify")


class Channel(Protocol):
    def send(self, notification: Notification) -> bool:
        """Send it; True when it was sent (recorded in `Notification.delivered`)."""
        ...


class ConsoleChannel:
    def send(self, notification: Notification) -> bool:
        logger.info("通知 %s：%s", notification.recipient.get_username(), notification.message)
        return True


class EmailChannel:
    def send(self, notification: Notification) -> bool:
        address = notification.recipient.email
        if not address:
            return False
        send_mail(
            subject=f"[工会工作平台] {notification.message[:40]}",
            message=notification.message,
            from_email=None,
            recipient_list=[address],
        )
        return True


class SmsChannel:
    """Interface for an SMS gateway: a deployment registers its own `send`."""

    def send(self, notification: Notification) -> bool:
        logger.debug("SMS channel not configured; notification %s not sent", notification.pk)
        return False


CHANNELS: dict[str, Channel] = {
    "console": ConsoleChannel(),
    "email": EmailChannel(),
    "sms": SmsChannel(),
}


def register_channel(name: str, channel: Channel) -> None:
    CHANNELS[name] = channel


def notify(
    *,
    recipients: list[Any],
    message: str,
    target: models.Model | None = None,
    url: str = "",
) -> list[Notification]:
    """One row per distinct recipient; delivery is queued for after the commit."""
    rows = [
        Notification.objects.create(
            recipient=user,
            message=message[:300],
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_repr=str(target)[:255] if target is not None else "",
            url=url[:255],
        )
        for user in {u.pk: u for u in recipients}.values()
    ]
    for row in rows:
        transaction.on_commit(lambda pk=row.pk: deliver_notification.enqueue(pk))
    return rows


@task()
def deliver_notification(notification_id: int) -> None:
    """Send one notification on each configured channel; idempotent per channel."""
    row = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if row is None:
        return
    sent = list(row.delivered)
    for name in settings.NOTIFY_CHANNELS:
        channel = CHANNELS.get(name)
        if channel is None:
            logger.warning("unknown notification channel %s", name)
            continue
        if name in sent:
            continue
        if channel.send(row):
            sent.append(name)
    Notification.objects.filter(pk=row.pk).update(delivered=sent)


def notifications_for(user: Any, *, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
