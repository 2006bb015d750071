"""Domain errors of the questionnaire engine (the API maps them to the one error shape)."""

from typing import Any

from suppliers.errors import ApplicationError


class VersionImmutableError(ApplicationError):
    code = "version_immutable"
    status_code = 409


class VersionStateError(ApplicationError):
    code = "invalid_state"
    status_code = 409


class DefinitionInvalidError(ApplicationError):
    """A definition (file or draft) with problems: each has its sheet, row, column and message."""

    code = "invalid_definition"
    status_code = 400

    def __init__(self, message: str, *, errors: list[dict[str, Any]]):
        super().__init__(message, errors=errors)
        self.errors = errors
