"""Django's flush, with the SQLite append-only guard lifted for its own DELETEs.

Erasing the whole database (the tests' transactional teardown runs this) is not a change to
a ledger (core.appendonly); PostgreSQL's flush truncates, which row triggers do not see."""

from django.core.management.commands import flush

from gonghui.core.appendonly import unlocked


class Command(flush.Command):
    def handle(self, **options):
        with unlocked():
            return super().handle(**options)
