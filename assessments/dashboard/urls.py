"""Routes of dashboard: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.dashboard import views as dashboard

# Mounted in the "campaigns" namespace with the campaign pages (config/urls.py).
urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/figures.csv", dashboard.dashboard_export, name="dashboard_export"),
    path("dashboard/assessments/", dashboard.dashboard_assessments, name="dashboard_assessments"),
]
