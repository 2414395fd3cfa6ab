"""Fixtures of the import tests."""

import pytest

from gonghui.core.importing.checking import CheckedRows


@pytest.fixture(params=["here", "apart"])
def checking(request, settings, monkeypatch):
    """Run the test with rows read and checked in this process, then in a child process."""
    used = []
    settings.IMPORT_CHECK_APART = request.param == "apart"
    if request.param == "apart":
        settings.IMPORT_PARALLEL_ABOVE_ROWS = 0
        original = CheckedRows._in_child

        def spy(self):
            used.append(True)
            yield from original(self)

        monkeypatch.setattr(CheckedRows, "_in_child", spy)
    yield request.param
    assert bool(used) == (request.param == "apart")
