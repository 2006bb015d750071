"""Domain errors: each has a stable `code`; the API maps them to one error shape."""

from typing import Any


class ApplicationError(Exception):
    code = "error"
    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None, **extra: Any):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.extra = extra


class UploadInvalidError(ApplicationError):
    """An uploaded file that is empty, too large, of a type we do not take, or a bomb."""

    code = "invalid_file"
    status_code = 400
