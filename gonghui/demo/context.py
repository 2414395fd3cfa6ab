"""What every demo builder is handed: the run's parameters and what earlier builders left.

Pure values (no models), so a domain's `demo.py` can import this at any time.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from gonghui.core.actors import system_actor

DEMO_PASSWORD = (
    "Mianhua#2026"  # 木棉花, the city flower; passes the password rules (accounts.passwords)
)

# Who loads the demo: the system, not a staff account (issue #9: actors are values).
DEMO_ACTOR = system_actor("core.demo", "演示数据")


@dataclass(frozen=True)
class Scale:
    name: str
    employers: int
    unions: int
    members: int  # at most this many members in all (the report: "全区40多万会员")


SCALES = {
    "tiny": Scale("tiny", 160, 40, 4_000),
    "small": Scale("small", 1600, 320, 30_000),
    "district": Scale("district", 50_000, 10_000, 400_000),
}


class DemoDataExists(RuntimeError):
    """The database already holds data; the demo district only loads into an empty one."""


@dataclass
class DemoContext:
    """One run of `build_demo`. Builders read the parameters, leave in `built` what later
    builders need (under their own name), and `count` what the command's summary shows."""

    seed: int
    scale: Scale
    as_of: datetime.date
    password: str = DEMO_PASSWORD
    members: bool = False  # members are many; only generated when asked (`--members`)
    built: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (label, n)

    def count(self, key: str, label: str, n: int) -> None:
        self.counts[key] = (label, n)

    def summary(self) -> str:
        """The counts as "组织 345，单位 1600，会员 0", in the order the builders gave them."""
        return "，".join(f"{label} {n}" for label, n in self.counts.values())
