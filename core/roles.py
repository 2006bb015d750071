"""Staff roles are Django groups; this is the one place that says which permissions each holds."""

from django.utils.translation import gettext_lazy as _

PROCUREMENT_ADMIN = "procurement admin"
PROCUREMENT_OFFICER = "procurement officer"
REVIEWER = "reviewer"
APPROVER = "approver"
AUDITOR = "auditor"

STAFF_GROUPS = (PROCUREMENT_ADMIN, PROCUREMENT_OFFICER, REVIEWER, APPROVER, AUDITOR)

ROLE_LABELS = {
    PROCUREMENT_ADMIN: _("Procurement admin"),
    PROCUREMENT_OFFICER: _("Procurement officer"),
    REVIEWER: _("Reviewer"),
    APPROVER: _("Approver"),
    AUDITOR: _("Auditor"),
}

_READ = [
    "suppliers.view_supplier",
    "suppliers.view_site",
    "suppliers.view_category",
    "suppliers.view_supplierimport",
]
_REGISTER = [
    "suppliers.add_supplier",
    "suppliers.change_supplier",
    "suppliers.archive_supplier",
    "suppliers.import_suppliers",
    "suppliers.add_site",
    "suppliers.change_site",
    "suppliers.delete_site",
    "suppliers.add_supplierimport",
]

# Auditors read everything and (from the export issue on) export; they change nothing.
GROUP_PERMISSIONS: dict[str, list[str]] = {
    PROCUREMENT_ADMIN: _READ + _REGISTER + ["suppliers.add_category", "suppliers.change_category"],
    PROCUREMENT_OFFICER: _READ + _REGISTER,
    REVIEWER: list(_READ),
    APPROVER: list(_READ),
    AUDITOR: list(_READ),
}


# The questionnaire engine (assessments app). Procurement admins own the questionnaires; the
# approver, like the programme owner, also publishes versions; everyone on staff reads them.
_QUESTIONNAIRE_READ = ["assessments.view_questionnaire", "assessments.view_questionnaireversion"]
_QUESTIONNAIRE_EDIT = [
    "assessments.add_questionnaireversion",
    "assessments.change_questionnaireversion",
]
_QUESTIONNAIRE_PUBLISH = ["assessments.publish_questionnaireversion"]

ASSESSMENT_GROUP_PERMISSIONS: dict[str, list[str]] = {
    PROCUREMENT_ADMIN: _QUESTIONNAIRE_READ + _QUESTIONNAIRE_EDIT + _QUESTIONNAIRE_PUBLISH,
    PROCUREMENT_OFFICER: list(_QUESTIONNAIRE_READ),
    REVIEWER: list(_QUESTIONNAIRE_READ),
    APPROVER: _QUESTIONNAIRE_READ + _QUESTIONNAIRE_PUBLISH,
    AUDITOR: list(_QUESTIONNAIRE_READ),
}

# Campaigns: procurement runs them; everyone on staff follows them. (Review and approval
# permissions arrive with the review workflow.)
_CAMPAIGN_READ = ["assessments.view_campaign", "assessments.view_assessment"]
_CAMPAIGN_RUN = ["assessments.add_campaign", "assessments.change_campaign"]

CAMPAIGN_GROUP_PERMISSIONS: dict[str, list[str]] = {
    PROCUREMENT_ADMIN: _CAMPAIGN_READ + _CAMPAIGN_RUN,
    PROCUREMENT_OFFICER: _CAMPAIGN_READ + _CAMPAIGN_RUN,
    REVIEWER: list(_CAMPAIGN_READ),
    APPROVER: list(_CAMPAIGN_READ),
    AUDITOR: list(_CAMPAIGN_READ),
}

# Review and approval: reviewers review, approvers decide (never on an assessment they reviewed).
REVIEW_GROUP_PERMISSIONS: dict[str, list[str]] = {
    REVIEWER: ["assessments.review_assessment"],
    APPROVER: ["assessments.approve_assessment"],
}


# The green supplier label: approvers grant it, procurement admins revoke it and own its rules.
LABEL_GROUP_PERMISSIONS: dict[str, list[str]] = {
    APPROVER: ["assessments.grant_label"],
    PROCUREMENT_ADMIN: ["assessments.revoke_label", "assessments.add_labelrules"],
}


# Audit workbooks: everyone on staff, auditors included, exports and verifies workbooks.
_EXPORT = ["assessments.add_export", "assessments.view_export"]
EXPORT_GROUP_PERMISSIONS: dict[str, list[str]] = {group: list(_EXPORT) for group in STAFF_GROUPS}


# Procurement spend (Scope 3 Category 1): procurement imports it and reads it, auditors read
# it, procurement admins keep the exchange rates; reviewers and approvers do not see it.
_SPEND_READ = [
    "assessments.view_spendline",
    "assessments.view_spendimport",
    "assessments.view_exchangerate",
]
SPEND_GROUP_PERMISSIONS: dict[str, list[str]] = {
    PROCUREMENT_ADMIN: [
        *_SPEND_READ,
        "assessments.add_spendimport",
        "assessments.add_exchangerate",
        "assessments.change_exchangerate",
    ],
    PROCUREMENT_OFFICER: [*_SPEND_READ, "assessments.add_spendimport"],
    AUDITOR: list(_SPEND_READ),
}


# Scope 3 Category 1: whoever reads spend reads it (it shows spend per supplier); procurement
# admins, the programme owner, import spend-based factor sets and set the target.
SCOPE3_GROUP_PERMISSIONS: dict[str, list[str]] = {
    PROCUREMENT_ADMIN: ["assessments.add_spendfactorset", "assessments.add_scope3target"],
}
