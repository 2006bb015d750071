"""The words of a notification, from its kind and parameters, in the language active now.

The one home of these sentences: the in-app list and both halves of the email call
`notification_text`. Parameters are plain strings and lists stored with the notification
(supplier, campaign, comment, reason, items, title, severity, due_on, decision, valid_until, ...);
one that is missing reads as empty rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assessments.corrective_actions.models import CorrectiveAction
from assessments.labels.models import LabelDecision


@dataclass(frozen=True)
class NotificationText:
    title: str
    body: str
    details: list[str] = field(default_factory=list)


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


TITLES: dict[str, Promise] = {
    "submitted": _("Assessment submitted: %(supplier)s"),
    "resubmitted": _("Assessment resubmitted: %(supplier)s"),
    "returned": _("Assessment returned: %(campaign)s"),
    "queried": _("Question %(question)s queried: %(campaign)s"),
    "document_rejected": _("Document rejected on question %(question)s: %(campaign)s"),
    "action_raised": _("Corrective action raised: %(title)s"),
    "action_due_soon": _("Corrective action due on %(due_on)s: %(title)s"),
    "approved": _("Assessment approved: %(campaign)s"),
    "rejected": _("Assessment rejected: %(campaign)s"),
    "label_decision": _("Green supplier label: %(decision)s"),
}

BODIES: dict[str, Promise] = {
    "submitted": _('%(supplier)s submitted the assessment "%(campaign)s" for review.'),
    "resubmitted": _(
        '%(supplier)s resubmitted the assessment "%(campaign)s" after it was returned; '
        "the reopened questions are ready for review again."
    ),
    "returned": _(
        'Your assessment "%(campaign)s" was returned to you. Please look again at the questions '
        "below and submit it again."
    ),
    "queried": _(
        'The reviewer queried question %(question)s of your assessment "%(campaign)s". '
        "Please look at it again."
    ),
    "document_rejected": _(
        'The reviewer rejected the document "%(file)s" on question %(question)s of your '
        'assessment "%(campaign)s". Please provide another one.'
    ),
    "action_raised": _(
        'A corrective action was raised on your assessment "%(campaign)s": %(title)s '
        "(severity: %(severity)s), due on %(due_on)s."
    ),
    "action_due_soon": _(
        'The corrective action "%(title)s" on your assessment "%(campaign)s" is due on '
        "%(due_on)s. Please answer it before then."
    ),
    "approved": _('Your assessment "%(campaign)s" was approved.'),
    "rejected": _('Your assessment "%(campaign)s" was rejected.'),
}

LABEL_BODIES: dict[str, Promise] = {
    LabelDecision.Kind.GRANTED: _(
        "Your company was granted the green supplier label, valid until %(valid_until)s."
    ),
    LabelDecision.Kind.RENEWED: _(
        "Your company's green supplier label was renewed, valid until %(valid_until)s."
    ),
    LabelDecision.Kind.SUSPENDED: _("Your company's green supplier label was suspended."),
    LabelDecision.Kind.EXPIRED: _(
        "Your company's green supplier label expired (it was valid until %(valid_until)s)."
    ),
    LabelDecision.Kind.REVOKED: _("Your company's green supplier label was revoked."),
}
LABEL_BODY_OTHER = _(
    "A decision was taken about your company's green supplier label: %(decision)s."
)

COMMENT = _("Reviewer's comment: %(comment)s")
REASON = _("Reason: %(reason)s")
ITEM = _("Question %(question)s: %(comment)s")
ITEM_WITHOUT_COMMENT = _("Question %(question)s")


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def notification_text(kind: str, params: dict[str, Any]) -> NotificationText:
    values = _Params(params)
    if kind == "label_decision":
        values["decision"] = _label(LabelDecision.Kind, str(params.get("decision", "")))
        body = str(LABEL_BODIES.get(str(params.get("decision", "")), LABEL_BODY_OTHER)) % values
    else:
        if kind in ("action_raised", "action_due_soon"):
            values["severity"] = _label(CorrectiveAction.Severity, str(params.get("severity", "")))
        body = str(BODIES.get(kind, "")) % values
    details = []
    for item in params.get("items") or []:
        question, comment = [*list(item), "", ""][:2]
        if comment:
            details.append(str(ITEM) % {"question": question, "comment": comment})
        else:
            details.append(str(ITEM_WITHOUT_COMMENT) % {"question": question})
    if params.get("comment"):
        details.append(str(COMMENT) % values)
    if params.get("reason"):
        details.append(str(REASON) % values)
    title = str(TITLES.get(kind, "")) % values
    return NotificationText(title=title or kind, body=body, details=details)
