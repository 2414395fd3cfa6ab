"""The one entry point of the demo district (PLAT-7): run every app's builder in order.

Each domain contributes its part in its own `<app>/demo.py`, which registers a
`core.registry.DemoBuilder`; `DemoConfig.ready()` imports those modules (see docs/demo.md).
This module never names a domain.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.clock import today
from gonghui.core.registry import DemoBuilder, demo_builders_in_order

from .context import DEMO_ACTOR, DEMO_PASSWORD, SCALES, DemoContext


def build_demo(
    *,
    seed: int = 2014,
    scale: str = "small",
    as_of: datetime.date | None = None,
    password: str = DEMO_PASSWORD,
    members: bool = False,
    only: Iterable[str] | None = None,
) -> DemoContext:
    """Load the demo district into an empty database; `only` names the builders to run
    (with those they need). Raises `DemoDataExists` when data is already there."""
    context = DemoContext(
        seed=seed, scale=SCALES[scale], as_of=as_of or today(), password=password, members=members
    )
    builders = builders_needed(only)
    # One transaction: a builder that finds data already there (DemoDataExists) or fails
    # half-way leaves nothing behind, whatever ran before it.
    with transaction.atomic():
        for builder in builders:
            builder.build(context)
        audit_record(
            actor=DEMO_ACTOR,
            action="core.demo.loaded",
            data={
                "scale": scale,
                "seed": seed,
                "builders": [b.name for b in builders],
                **{key: n for key, (_label, n) in context.counts.items()},
            },
        )
    return context


def builders_needed(only: Iterable[str] | None = None) -> list[DemoBuilder]:
    """The registered builders in order; with `only`, those named and those they run after."""
    ordered = demo_builders_in_order()
    if only is None:
        return ordered
    by_name = {b.name: b for b in ordered}
    wanted: set[str] = set()
    pending = list(only)
    while pending:
        name = pending.pop()
        if name not in by_name:
            known = "、".join(sorted(by_name))
            raise ValueError(f"没有名为“{name}”的演示数据部分（已登记：{known}）。")
        if name not in wanted:
            wanted.add(name)
            pending.extend(by_name[name].after)
    return [b for b in ordered if b.name in wanted]
