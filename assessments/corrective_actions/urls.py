"""Routes of corrective actions: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

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
