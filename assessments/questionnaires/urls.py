"""Routes of questionnaires: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.questionnaires import apis, views

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

api_urlpatterns = [
    path("questionnaires/", apis.QuestionnaireListApi.as_view(), name="api-questionnaires"),
    path(
        "questionnaire-versions/import/",
        apis.VersionImportApi.as_view(),
        name="api-questionnaire-version-import",
    ),
    path(
        "questionnaire-versions/<int:version_id>/",
        apis.VersionDetailApi.as_view(),
        name="api-questionnaire-version",
    ),
    path(
        "questionnaire-versions/<int:version_id>/definition.xlsx",
        apis.VersionDefinitionXlsxApi.as_view(),
        name="api-questionnaire-version-xlsx",
    ),
    path(
        "questionnaire-versions/<int:version_id>/definition.json",
        apis.VersionDefinitionJsonApi.as_view(),
        name="api-questionnaire-version-json",
    ),
    path(
        "questionnaire-versions/<int:version_id>/clone/",
        apis.VersionCloneApi.as_view(),
        name="api-questionnaire-version-clone",
    ),
    path(
        "questionnaire-versions/<int:version_id>/publish/",
        apis.VersionPublishApi.as_view(),
        name="api-questionnaire-version-publish",
    ),
]
