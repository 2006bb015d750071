"""Routes of Scope 3: `urlpatterns` for the pages (namespace "scope3", under /scope3/),
`api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.scope3 import apis, views

app_name = "scope3"

urlpatterns = [
    path("", views.category1_page, name="category1"),
    path("target/", views.target_set, name="target_set"),
    path("dashboard/", views.dashboard_section, name="dashboard_section"),
    path("factor-sets/", views.factor_sets, name="factor_sets"),
    path("factor-sets/template.xlsx", views.factor_template, name="factor_template"),
]

api_urlpatterns = [
    path("scope3/category1/", apis.Category1Api.as_view(), name="api-scope3-category1"),
    path(
        "scope3/category1/export.xlsx",
        apis.Category1ExportApi.as_view(),
        name="api-scope3-category1-export",
    ),
]
