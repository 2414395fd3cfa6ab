"""The democracy workflows (core.workflow): a contract's (workflow.contracts) and a rating
round's and its applications' (workflow.ratings)."""

from . import contracts, ratings  # noqa: F401
