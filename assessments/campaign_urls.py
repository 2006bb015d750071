from django.urls import path

from assessments import campaign_views, dashboard, label_views, review_views

app_name = "campaigns"

urlpatterns = [
    path("", campaign_views.campaign_list, name="list"),
    path("new/", campaign_views.campaign_create, name="create"),
    path("<int:campaign_id>/", campaign_views.campaign_detail, name="detail"),
    path("<int:campaign_id>/launch/", campaign_views.campaign_launch, name="launch"),
    path("<int:campaign_id>/extend/", campaign_views.campaign_extend, name="extend"),
    path("<int:campaign_id>/close/", campaign_views.campaign_close, name="close"),
    path("assessments/<int:assessment_id>/", campaign_views.assessment_detail, name="assessment"),
    path("review/", review_views.review_queue, name="review_queue"),
    path(
        "assessments/<int:assessment_id>/answers/<str:question_code>/review/",
        review_views.answer_review,
        name="answer_review",
    ),
    path(
        "evidence/<int:evidence_id>/review/", review_views.evidence_review, name="evidence_review"
    ),
    path(
        "assessments/<int:assessment_id>/return/",
        review_views.assessment_return,
        name="assessment_return",
    ),
    path(
        "assessments/<int:assessment_id>/approve/",
        review_views.assessment_decide,
        {"decision": "approve"},
        name="assessment_approve",
    ),
    path(
        "assessments/<int:assessment_id>/reject/",
        review_views.assessment_decide,
        {"decision": "reject"},
        name="assessment_reject",
    ),
    path(
        "assessments/<int:assessment_id>/actions/",
        review_views.action_raise,
        name="action_raise",
    ),
    path("actions/<int:action_id>/decide/", review_views.action_decide, name="action_decide"),
    path(
        "assessments/<int:assessment_id>/invitations/",
        review_views.invitation_send,
        name="invitation_send",
    ),
    path("labels/<int:supplier_id>/grant/", label_views.label_grant, name="label_grant"),
    path("labels/<int:supplier_id>/revoke/", label_views.label_revoke, name="label_revoke"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("<int:campaign_id>/rescore/", review_views.rescoring_start, name="rescore"),
    path("rescoring/<int:job_id>/", review_views.rescoring_detail, name="rescoring"),
    path("labels/rules/", label_views.label_rules, name="label_rules"),
]
