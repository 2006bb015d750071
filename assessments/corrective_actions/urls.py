"""Routes of corrective actions: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.corrective_actions import apis as action_apis
from assessments.corrective_actions import views as action_views

# Mounted in the "campaigns" namespace with the campaign pages (config/urls.py).
urlpatterns = [
    path(
        "assessments/<int:assessment_id>/actions/",
        action_views.action_raise,
        name="action_raise",
    ),
    path("actions/<int:action_id>/", action_views.action_detail, name="action_detail"),
    path("actions/<int:action_id>/decide/", action_views.action_decide, name="action_decide"),
]

api_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/corrective-actions/",
        action_apis.AssessmentActionsApi.as_view(),
        name="api-assessment-actions",
    ),
    path(
        "corrective-actions/<int:action_id>/",
        action_apis.ActionDetailApi.as_view(),
        name="api-action-detail",
    ),
    path(
        "corrective-actions/<int:action_id>/respond/",
        action_apis.ActionRespondApi.as_view(),
        name="api-action-respond",
    ),
    path(
        "corrective-actions/<int:action_id>/verify-close/",
        action_apis.ActionVerifyCloseApi.as_view(),
        name="api-action-verify-close",
    ),
    path(
        "corrective-actions/<int:action_id>/reopen/",
        action_apis.ActionReopenApi.as_view(),
        name="api-action-reopen",
    ),
]
