"""Routes of scoring: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.scoring import apis as score_apis
from assessments.scoring import views as score_views

# Mounted in the "campaigns" namespace with the campaign pages (config/urls.py).
urlpatterns = [
    path("<int:campaign_id>/rescore/", score_views.rescoring_start, name="rescore"),
    path("rescoring/<int:job_id>/", score_views.rescoring_detail, name="rescoring"),
]

api_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/score/",
        score_apis.AssessmentScoreApi.as_view(),
        name="api-assessment-score",
    ),
]
