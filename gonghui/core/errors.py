"""One hierarchy of application errors; pages and the API render them the same way."""


class ApplicationError(Exception):
    """A rule was broken; `message` is Chinese text shown to the person."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class PermissionDenied(ApplicationError):
    status = 403


class ConflictError(ApplicationError):
    """Someone else changed the row since it was read (optimistic lock)."""

    status = 409


class TransitionNotAllowed(ApplicationError):
    status = 409
