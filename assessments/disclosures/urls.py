"""Routes of disclosures: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.disclosures import apis as disclosure_apis
from assessments.disclosures import views as disclosure_views

app_name = "disclosures"

urlpatterns = [
    path("", disclosure_views.disclosures, name="index"),
    path("export.xlsx", disclosure_views.disclosure_export, name="export"),
    path("<str:code>/", disclosure_views.disclosure_suppliers, name="suppliers"),
]

api_urlpatterns = [
    path("disclosures/", disclosure_apis.DisclosureListApi.as_view(), name="api-disclosures"),
    path(
        "disclosures/export.xlsx",
        disclosure_apis.DisclosureExportApi.as_view(),
        name="api-disclosures-export",
    ),
]
