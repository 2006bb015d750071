"""The supplier portal's pages, by concept: the portal's own pages, answering an area, and what the
supplier reads (code of conduct, results, offline workbook)."""

from assessments.portal.views.answering import (
    answer_autosave,
    area_visibility,
    assessment_area,
)
from assessments.portal.views.pages import (
    action_detail,
    assessment_acknowledge,
    assessment_overview,
    assessment_submit,
    invitation_accept,
    portal_home,
    profile,
)
from assessments.portal.views.results import (
    assessment_code,
    assessment_offline,
    assessment_results,
)

__all__ = [
    "action_detail",
    "answer_autosave",
    "area_visibility",
    "assessment_acknowledge",
    "assessment_area",
    "assessment_code",
    "assessment_offline",
    "assessment_overview",
    "assessment_results",
    "assessment_submit",
    "invitation_accept",
    "portal_home",
    "profile",
]
