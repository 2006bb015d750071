"""Routes of review: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.review import apis as review_apis
from assessments.review import views as review_views

# Mounted in the "campaigns" namespace with the campaign pages (config/urls.py).
urlpatterns = [
    path("review/", review_views.review_queue, name="review_queue"),
    path(
        "assessments/<int:assessment_id>/answers/<str:question_code>/review/",
        review_views.answer_review,
        name="answer_review",
    ),
    path(
        "evidence/<int:evidence_id>/review/", review_views.evidence_review, name="evidence_review"
    ),
    path(
        "assessments/<int:assessment_id>/review/accept-area/",
        review_views.area_accept,
        name="area_accept",
    ),
    path(
        "assessments/<int:assessment_id>/return/",
        review_views.assessment_return,
        name="assessment_return",
    ),
    path(
        "assessments/<int:assessment_id>/approve/",
        review_views.assessment_decide,
        {"decision": "approve"},
        name="assessment_approve",
    ),
    path(
        "assessments/<int:assessment_id>/reject/",
        review_views.assessment_decide,
        {"decision": "reject"},
        name="assessment_reject",
    ),
]

api_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/review/accept-area/",
        review_apis.AreaAcceptApi.as_view(),
        name="api-assessment-accept-area",
    ),
    path(
        "assessments/<int:assessment_id>/return/",
        review_apis.AssessmentReturnApi.as_view(),
        name="api-assessment-return",
    ),
    path(
        "assessments/<int:assessment_id>/approve/",
        review_apis.AssessmentApproveApi.as_view(),
        name="api-assessment-approve",
    ),
    path(
        "assessments/<int:assessment_id>/reject/",
        review_apis.AssessmentRejectApi.as_view(),
        name="api-assessment-reject",
    ),
    path(
        "assessments/<int:assessment_id>/answers/<str:question_code>/review/",
        review_apis.AnswerReviewApi.as_view(),
        name="api-assessment-answer-review",
    ),
    path(
        "evidence/<int:evidence_id>/review/",
        review_apis.EvidenceReviewApi.as_view(),
        name="api-evidence-review",
    ),
]
