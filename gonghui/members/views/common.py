def form_errors_to_messages(request, form) -> None:
    """A form posted from a detail page shows its errors there, as messages."""
    from django.contrib import messages

    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
