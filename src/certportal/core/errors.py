"""Domain errors: a stable code for programs and a translated message for people."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the business refused an operation; shown to the user as it is."""

    status = 400

    def __init__(self, code: str, message: str | Promise, *, status: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        if status:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it does."""

    status = 404


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""

    status = 403


class RateLimited(DomainError):
    """Too many attempts; the message says when to try again."""

    status = 429

    def __init__(
        self, code: str, message: str | Promise, *, retry_after: int = 0
    ) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after
