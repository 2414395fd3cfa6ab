"""Driving a picker (static/js/pickers.js, Tom Select) the way a person does: type, pick."""


def pick(page, field_id: str, typed: str, option: str) -> None:
    """Type `typed` into the picker of `#field_id` and click the suggestion `option`."""
    page.click(f"#{field_id}-ts-control")
    page.fill(f"#{field_id}-ts-control", typed)
    page.click(f"#{field_id}-ts-dropdown .option:has-text('{option}')")
