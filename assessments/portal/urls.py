"""Routes of portal: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.portal import views as portal_views

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
    path("assessments/<int:assessment_id>/submit/", portal_views.assessment_submit, name="submit"),
    path("actions/<int:action_id>/", portal_views.action_detail, name="action"),
    path("profile/", portal_views.profile, name="profile"),
]
