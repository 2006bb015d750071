from django.urls import path

from assessments import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("import/", views.version_import, name="import"),
    path("compare/", views.version_compare, name="compare"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
    path("versions/<int:version_id>/preview/", views.version_preview, name="preview"),
    path("versions/<int:version_id>/clone/", views.version_clone, name="clone"),
    path("versions/<int:version_id>/publish/", views.version_publish, name="publish"),
    path("versions/<int:version_id>/retire/", views.version_retire, name="retire"),
    path("versions/<int:version_id>/definition.<str:kind>", views.version_export, name="export"),
    path(
        "versions/<int:version_id>/questions/<int:question_id>/edit/",
        views.question_edit,
        name="question_edit",
    ),
]
