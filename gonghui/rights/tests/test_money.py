"""Amounts of cases (issue #9, item 5): rounded half up, exactly two places everywhere."""

import datetime
import re
from decimal import Decimal

import pytest

from .conftest import register

pytestmark = pytest.mark.django_db
TWO_PLACES = re.compile(r"^-?\d+\.\d{2}$")


def test_an_amount_past_the_fen_is_refused_not_rounded(world):
    # issue #11: 1.005 was stored as 1.01 behind the person's back
    from gonghui.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="最多两位小数") as refused:
        register(world.town_a_user, amount_claimed="2.345")
    assert refused.value.field == "amount_claimed"
    case = register(world.town_a_user, amount_claimed="2.35")
    case.refresh_from_db()
    assert case.amount_claimed == Decimal("2.35")


def test_api_amounts_have_exactly_two_places(world, client):
    for amount in ("1468108.45", "0.01", "300"):
        register(world.town_a_user, amount_claimed=Decimal(amount))
    client.force_login(world.town_a_user)
    today = datetime.date.today()
    stats = client.get(
        f"/api/v1/rights/stats?start={today.replace(month=1, day=1)}&end={today}"
    ).json()
    claimed = stats["cases"]["amount_claimed"]
    assert claimed == "1468408.46", claimed
    assert TWO_PLACES.match(stats["cases"]["amount_recovered"])
    cases = client.get("/api/v1/rights/cases").json()["items"]
    assert sorted(c["amount_claimed"] for c in cases) == ["0.01", "1468108.45", "300.00"]


def test_pages_show_amounts_with_two_places(world, client):
    case = register(world.town_a_user, amount_claimed=Decimal("1468108.4"))
    client.force_login(world.town_a_user)
    body = client.get(f"/rights/cases/{case.pk}/").content.decode()
    assert "1,468,108.40 元" in body
