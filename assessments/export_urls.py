from django.urls import path

from assessments import export_views

app_name = "exports"

urlpatterns = [
    path("", export_views.export_list, name="list"),
    path("new/", export_views.export_start, name="start"),
    path("verify/", export_views.export_verify, name="verify"),
    path("<int:export_id>/", export_views.export_detail, name="detail"),
    path("<int:export_id>/download/", export_views.export_download, name="download"),
]
