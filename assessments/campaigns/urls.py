"""Routes of campaigns: `urlpatterns` for pages, `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.campaigns import apis as campaign_apis
from assessments.campaigns import views as campaign_views

# Mounted in the "campaigns" namespace with the campaign pages (config/urls.py).
urlpatterns = [
    path("", campaign_views.campaign_list, name="list"),
    path("new/", campaign_views.campaign_create, name="create"),
    path("suppliers/", campaign_views.campaign_supplier_picker, name="supplier_picker"),
    path("<int:campaign_id>/", campaign_views.campaign_detail, name="detail"),
    path("<int:campaign_id>/edit/", campaign_views.campaign_edit, name="edit"),
    path("<int:campaign_id>/delete/", campaign_views.campaign_delete, name="delete"),
    path("<int:campaign_id>/invitees/", campaign_views.campaign_invitees, name="invitees"),
    path("<int:campaign_id>/launch/", campaign_views.campaign_launch, name="launch"),
    path("<int:campaign_id>/extend/", campaign_views.campaign_extend, name="extend"),
    path("<int:campaign_id>/close/", campaign_views.campaign_close, name="close"),
    path("assessments/<int:assessment_id>/", campaign_views.assessment_detail, name="assessment"),
    path(
        "assessments/<int:assessment_id>/invitations/",
        campaign_views.invitation_send,
        name="invitation_send",
    ),
]

api_urlpatterns = [
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
    path(
        "campaigns/<int:campaign_id>/close/",
        campaign_apis.CampaignCloseApi.as_view(),
        name="api-campaign-close",
    ),
    path(
        "campaigns/<int:campaign_id>/extend/",
        campaign_apis.CampaignExtendApi.as_view(),
        name="api-campaign-extend",
    ),
    path("assessments/", campaign_apis.AssessmentListApi.as_view(), name="api-assessments"),
    path(
        "assessments/<int:assessment_id>/",
        campaign_apis.AssessmentDetailApi.as_view(),
        name="api-assessment",
    ),
    path(
        "assessments/<int:assessment_id>/submit/",
        campaign_apis.AssessmentSubmitApi.as_view(),
        name="api-assessment-submit",
    ),
    path(
        "assessments/<int:assessment_id>/acknowledge/",
        campaign_apis.AssessmentAcknowledgeApi.as_view(),
        name="api-assessment-acknowledge",
    ),
    path(
        "invitations/accept/",
        campaign_apis.InvitationAcceptApi.as_view(),
        name="api-invitation-accept",
    ),
]
