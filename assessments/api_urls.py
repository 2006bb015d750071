from django.urls import path

from assessments import apis

urlpatterns = [
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
