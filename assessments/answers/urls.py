"""Routes of answers: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.answers import apis as answer_apis

api_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/answers.xlsx",
        answer_apis.AnswersWorkbookApi.as_view(),
        name="api-assessment-answers-xlsx",
    ),
    # Before the answer of one question: "import" is no question code.
    path(
        "assessments/<int:assessment_id>/answers/import/",
        answer_apis.AnswersImportApi.as_view(),
        name="api-assessment-answers-import",
    ),
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
