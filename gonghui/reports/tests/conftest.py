import pytest

from .inbox_rows import Inbox, make_inbox_rows


@pytest.fixture
def inbox(world) -> Inbox:
    return make_inbox_rows(world)
