"""The democracy part of the demo district: each part's module registers its builder
(`core.registry.register_demo_builder`)."""

from . import congress, contracts, ratings  # noqa: F401
