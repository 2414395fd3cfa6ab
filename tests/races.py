"""Calls run at the same moment, each in its own thread on its own connection (the race
tests: on PostgreSQL, and on SQLite's test database, a file as in production)."""

import threading
from collections.abc import Callable

from django.db import connections

from gonghui.core.errors import ApplicationError


def race(calls: list[Callable[[], object]], done: str = "ok") -> list[str]:
    """What each call gave: `done`, an ApplicationError's message, or a server error's repr."""
    start, outcomes = threading.Barrier(len(calls)), []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append(done)
        except ApplicationError as exc:
            outcomes.append(exc.message)
        except Exception as exc:  # a server error on the page
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes
