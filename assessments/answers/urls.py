"""Routes of answers: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.answers import apis as answer_apis

api_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/answers/<str:question_code>/",
        answer_apis.AnswerSaveApi.as_view(),
        name="api-assessment-answer",
    ),
    path(
        "assessments/<int:assessment_id>/evidence/",
        answer_apis.EvidenceUploadApi.as_view(),
        name="api-assessment-evidence",
    ),
    path(
        "evidence/<int:evidence_id>/",
        answer_apis.EvidenceRemoveApi.as_view(),
        name="api-evidence",
    ),
]
