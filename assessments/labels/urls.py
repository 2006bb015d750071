"""Routes of labels: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.labels import apis as label_apis
from assessments.labels import views as label_views

# Mounted in the "campaigns" namespace with the campaign pages (config/urls.py).
urlpatterns = [
    path("labels/<int:supplier_id>/grant/", label_views.label_grant, name="label_grant"),
    path("labels/<int:supplier_id>/revoke/", label_views.label_revoke, name="label_revoke"),
    path("labels/rules/", label_views.label_rules, name="label_rules"),
]

api_urlpatterns = [
    path(
        "suppliers/<int:supplier_id>/label/",
        label_apis.SupplierLabelApi.as_view(),
        name="api-supplier-label",
    ),
    path(
        "suppliers/<int:supplier_id>/label/grant/",
        label_apis.SupplierLabelGrantApi.as_view(),
        name="api-supplier-label-grant",
    ),
    path(
        "suppliers/<int:supplier_id>/label/revoke/",
        label_apis.SupplierLabelRevokeApi.as_view(),
        name="api-supplier-label-revoke",
    ),
]
