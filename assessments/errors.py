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


# The two refusals below stop answers, documents and submission alike: each is an
# AnswerLockedError (the portal's answer forms show it) and an AssessmentStateError (its
# submit page shows it), so every page that already handles those shows the message.


class CampaignClosedError(AnswerLockedError, AssessmentStateError):
    """The campaign is closed: nothing is answered, uploaded, removed or submitted any more."""

    code = "campaign_closed"
    status_code = 409


class CodeNotAcknowledgedError(AnswerLockedError, AssessmentStateError):
    """The supplier answers only after acknowledging the code of conduct."""

    code = "code_not_acknowledged"
    status_code = 409


# Evidence and corrective-action documents are uploads: core's check raises this one class.
EvidenceInvalidError = UploadInvalidError


class EvidenceValidityError(UploadInvalidError):
    """A permit or certificate uploaded without its validity, or with dates out of order (an
    upload refusal, so every page and API that shows those shows it)."""

    code = "evidence_validity"
    status_code = 400


class EvidenceLimitError(UploadInvalidError):
    """The answer already holds EVIDENCE_MAX_PER_ANSWER current documents."""

    code = "evidence_limit"
    status_code = 400


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


class SpendImportFileError(ApplicationError):
    """A spend upload that cannot be imported: too big, not a workbook, a wrong header."""

    code = "invalid_import_file"
    status_code = 400


class ExchangeRateInvalidError(ApplicationError):
    code = "invalid"
    status_code = 400


class ActionVerifyDeniedError(ApplicationError):
    """Only a reviewer verifies and closes a corrective action."""

    code = "permission_denied"
    status_code = 403
