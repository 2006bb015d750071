from django.urls import path

from assessments import apis, export_apis

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

# Campaigns, assessments and the supplier's answers.
from assessments import campaign_apis, label_apis  # noqa: E402

urlpatterns += [
    path("campaigns/", campaign_apis.CampaignListCreateApi.as_view(), name="api-campaigns"),
    path(
        "campaigns/<int:campaign_id>/",
        campaign_apis.CampaignDetailApi.as_view(),
        name="api-campaign",
    ),
    path(
        "campaigns/<int:campaign_id>/launch/",
        campaign_apis.CampaignLaunchApi.as_view(),
        name="api-campaign-launch",
    ),
    path("assessments/", campaign_apis.AssessmentListApi.as_view(), name="api-assessments"),
    path(
        "assessments/<int:assessment_id>/",
        campaign_apis.AssessmentDetailApi.as_view(),
        name="api-assessment",
    ),
    path(
        "assessments/<int:assessment_id>/answers/<str:question_code>/",
        campaign_apis.AnswerSaveApi.as_view(),
        name="api-assessment-answer",
    ),
    path(
        "assessments/<int:assessment_id>/evidence/",
        campaign_apis.EvidenceUploadApi.as_view(),
        name="api-assessment-evidence",
    ),
    path(
        "assessments/<int:assessment_id>/submit/",
        campaign_apis.AssessmentSubmitApi.as_view(),
        name="api-assessment-submit",
    ),
    path(
        "invitations/accept/",
        campaign_apis.InvitationAcceptApi.as_view(),
        name="api-invitation-accept",
    ),
    path(
        "assessments/<int:assessment_id>/return/",
        campaign_apis.AssessmentReturnApi.as_view(),
        name="api-assessment-return",
    ),
    path(
        "assessments/<int:assessment_id>/approve/",
        campaign_apis.AssessmentApproveApi.as_view(),
        name="api-assessment-approve",
    ),
    path(
        "assessments/<int:assessment_id>/reject/",
        campaign_apis.AssessmentRejectApi.as_view(),
        name="api-assessment-reject",
    ),
    path(
        "assessments/<int:assessment_id>/answers/<str:question_code>/review/",
        campaign_apis.AnswerReviewApi.as_view(),
        name="api-assessment-answer-review",
    ),
    path(
        "evidence/<int:evidence_id>/review/",
        campaign_apis.EvidenceReviewApi.as_view(),
        name="api-evidence-review",
    ),
    path(
        "assessments/<int:assessment_id>/score/",
        campaign_apis.AssessmentScoreApi.as_view(),
        name="api-assessment-score",
    ),
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
    path("exports/", export_apis.ExportListApi.as_view(), name="api-exports"),
    path("exports/verify/", export_apis.ExportVerifyApi.as_view(), name="api-export-verify"),
    path("exports/<int:export_id>/", export_apis.ExportDetailApi.as_view(), name="api-export"),
    path(
        "exports/<int:export_id>/file.xlsx",
        export_apis.ExportFileApi.as_view(),
        name="api-export-file",
    ),
]
