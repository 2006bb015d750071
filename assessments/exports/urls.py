"""Routes of exports: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.exports import apis as export_apis
from assessments.exports import views as export_views

app_name = "exports"

urlpatterns = [
    path("", export_views.export_list, name="list"),
    path("new/", export_views.export_start, name="start"),
    path("verify/", export_views.export_verify, name="verify"),
    path("<int:export_id>/", export_views.export_detail, name="detail"),
    path("<int:export_id>/download/", export_views.export_download, name="download"),
]

api_urlpatterns = [
    path("exports/", export_apis.ExportListApi.as_view(), name="api-exports"),
    path("exports/verify/", export_apis.ExportVerifyApi.as_view(), name="api-export-verify"),
    path("exports/<int:export_id>/", export_apis.ExportDetailApi.as_view(), name="api-export"),
    path(
        "exports/<int:export_id>/file.xlsx",
        export_apis.ExportFileApi.as_view(),
        name="api-export-file",
    ),
]
