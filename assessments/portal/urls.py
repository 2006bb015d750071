"""Routes of portal: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.portal import views as portal_views
from assessments.prefill import urls as prefill_urls

app_name = "portal"

urlpatterns = [
    path("", portal_views.portal_home, name="home"),
    path("invitations/<str:token>/", portal_views.invitation_accept, name="invitation"),
    path("assessments/<int:assessment_id>/", portal_views.assessment_overview, name="assessment"),
    path(
        "assessments/<int:assessment_id>/acknowledge/",
        portal_views.assessment_acknowledge,
        name="acknowledge",
    ),
    path(
        "assessments/<int:assessment_id>/areas/<str:area_code>/",
        portal_views.assessment_area,
        name="area",
    ),
    path(
        "assessments/<int:assessment_id>/areas/<str:area_code>/visibility/",
        portal_views.area_visibility,
        name="area_visibility",
    ),
    path(
        "assessments/<int:assessment_id>/areas/<str:area_code>/questions/<str:question_code>/",
        portal_views.answer_autosave,
        name="answer_save",
    ),
    path("assessments/<int:assessment_id>/submit/", portal_views.assessment_submit, name="submit"),
    path(
        "assessments/<int:assessment_id>/offline/", portal_views.assessment_offline, name="offline"
    ),
    path("assessments/<int:assessment_id>/code/", portal_views.assessment_code, name="code"),
    path(
        "assessments/<int:assessment_id>/results/",
        portal_views.assessment_results,
        name="results",
    ),
    path("actions/<int:action_id>/", portal_views.action_detail, name="action"),
    path("profile/", portal_views.profile, name="profile"),
    *prefill_urls.portal_urlpatterns,
]
