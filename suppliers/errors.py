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


class DuplicateSupplierError(ApplicationError):
    code = "duplicate_registration_code"
    status_code = 409


class SupplierStateError(ApplicationError):
    code = "invalid_state"
    status_code = 409


class ImportFileError(ApplicationError):
    code = "invalid_import_file"
    status_code = 400


class LockedOutError(ApplicationError):
    code = "locked_out"
    status_code = 429
