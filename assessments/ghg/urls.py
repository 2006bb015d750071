"""Routes of GHG: `api_urlpatterns` for /api/v1/ (the staff page includes the summary)."""

from django.urls import path

from assessments.ghg import apis as ghg_apis

api_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/ghg/",
        ghg_apis.AssessmentGhgApi.as_view(),
        name="api-assessment-ghg",
    ),
]
