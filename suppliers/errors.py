"""Domain errors: each has a stable `code`; the API maps them to one error shape."""

from core.errors import ApplicationError


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


class SupplierPermissionError(ApplicationError):
    code = "permission_denied"
    status_code = 403
