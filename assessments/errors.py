"""Domain errors of the questionnaire engine (the API maps them to the one error shape)."""

from typing import Any

from core.errors import ApplicationError, UploadInvalidError


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

    def __init__(
        self,
        message: str,
        *,
        errors: list[dict[str, Any]],
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(message, fields=fields, errors=errors)
        self.errors = errors


class AssessmentStateError(ApplicationError):
    code = "invalid_state"
    status_code = 409


class AnswerLockedError(ApplicationError):
    code = "answer_locked"
    status_code = 409


class AnswerConflictError(ApplicationError):
    """Someone saved this answer since the client last saw it (another tab, another colleague)."""

    code = "conflict"
    status_code = 409


class AnswerInvalidError(ApplicationError):
    code = "invalid"
    status_code = 400


class SubmissionIncompleteError(ApplicationError):
    code = "incomplete"
    status_code = 400


# Evidence and corrective-action documents are uploads: core's check raises this one class.
EvidenceInvalidError = UploadInvalidError


class InvitationInvalidError(ApplicationError):
    code = "invitation_invalid"
    status_code = 400


class CampaignInvalidError(ApplicationError):
    code = "invalid"
    status_code = 400


class ReviewInvalidError(ApplicationError):
    code = "invalid"
    status_code = 400


class SeparationOfDutiesError(ApplicationError):
    """Four eyes: whoever took a review action on an assessment does not decide on it.

    `reviewers` names everyone who did."""

    code = "four_eyes"
    status_code = 409


class ReviewIncompleteError(ApplicationError):
    """Approval before review is complete: `open` lists what is open (a code, a count and the
    question codes)."""

    code = "review_incomplete"
    status_code = 409


class LabelRulesFailedError(ApplicationError):
    """The label rules do not hold; `failed_rules` lists each rule and why."""

    code = "label_rules_failed"
    status_code = 409


class LabelStateError(ApplicationError):
    code = "invalid_state"
    status_code = 409
