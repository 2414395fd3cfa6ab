"""Notifications to staff: a row the recipient sees in the UI, then each configured channel.

Channels are pluggable (settings.RIGHTS_NOTIFY_CHANNELS by name). "console" logs; "sms" is
the interface an SMS gateway would implement — it sends nothing here.
"""

import logging
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction

from .models import Case, Notification

logger = logging.getLogger("gonghui.rights.notify")


class Channel(Protocol):
    def send(self, notification: Notification) -> None: ...


class ConsoleChannel:
    def send(self, notification: Notification) -> None:
        logger.info("通知 %s：%s", notification.recipient.get_username(), notification.message)


class SmsChannel:
    """Interface for an SMS gateway. Deployment supplies the sending; nothing is sent here."""

    def send(self, notification: Notification) -> None:
        logger.debug("SMS channel not configured; notification %s not sent", notification.pk)


CHANNELS: dict[str, Channel] = {"console": ConsoleChannel(), "sms": SmsChannel()}


def register_channel(name: str, channel: Channel) -> None:
    CHANNELS[name] = channel


def _deliver(notification: Notification) -> None:
    for name in settings.RIGHTS_NOTIFY_CHANNELS:
        channel = CHANNELS.get(name)
        if channel is None:
            logger.warning("unknown notification channel %s", name)
            continue
        channel.send(notification)


def notify(*, recipients: list[Any], case: Case | None, message: str) -> list[Notification]:
    rows = [
        Notification.objects.create(recipient=user, case=case, message=message[:300])
        for user in {u.pk: u for u in recipients}.values()
    ]
    for row in rows:
        transaction.on_commit(lambda row=row: _deliver(row))
    return rows
