"""Named locks. Structural tree writes are serialized on the root row (style §7, §13)."""

from .models import Organization


def lock_tree() -> Organization | None:
    """Lock the root organization; call inside transaction.atomic() before rewriting paths."""
    return (
        Organization.objects.select_for_update().filter(parent__isnull=True).order_by("pk").first()
    )
