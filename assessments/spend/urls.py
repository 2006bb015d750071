"""Routes of spend: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.spend import apis, views

app_name = "spend"

urlpatterns = [
    path("", views.spend_list, name="list"),
    path("imports/", views.spend_import, name="import"),
    path("imports/template.xlsx", views.spend_import_template, name="import_template"),
    path("imports/<int:import_id>/", views.spend_import_detail, name="import_detail"),
    path("rates/", views.exchange_rate_list, name="rates"),
    path("rates/<int:rate_id>/edit/", views.exchange_rate_edit, name="rate_edit"),
]

api_urlpatterns = [
    path("spend/", apis.SpendLineListApi.as_view(), name="api-spend"),
    path("spend/totals/", apis.SpendTotalsApi.as_view(), name="api-spend-totals"),
    path(
        "spend-imports/template.xlsx",
        apis.SpendImportTemplateApi.as_view(),
        name="api-spend-import-template",
    ),
    path("spend-imports/", apis.SpendImportCreateApi.as_view(), name="api-spend-imports"),
    path(
        "spend-imports/<int:import_id>/",
        apis.SpendImportDetailApi.as_view(),
        name="api-spend-import",
    ),
    path("exchange-rates/", apis.ExchangeRateListCreateApi.as_view(), name="api-exchange-rates"),
    path(
        "exchange-rates/<int:rate_id>/",
        apis.ExchangeRateDetailApi.as_view(),
        name="api-exchange-rate",
    ),
]
