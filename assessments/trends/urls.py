"""Routes of trends: `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.trends import apis as trend_apis

api_urlpatterns = [
    path(
        "suppliers/<int:supplier_id>/trend/",
        trend_apis.SupplierTrendApi.as_view(),
        name="api-supplier-trend",
    ),
]
