from django.urls import path

from assessments import campaign_views

app_name = "campaigns"

urlpatterns = [
    path("", campaign_views.campaign_list, name="list"),
    path("new/", campaign_views.campaign_create, name="create"),
    path("<int:campaign_id>/", campaign_views.campaign_detail, name="detail"),
    path("<int:campaign_id>/launch/", campaign_views.campaign_launch, name="launch"),
    path("<int:campaign_id>/extend/", campaign_views.campaign_extend, name="extend"),
    path("<int:campaign_id>/close/", campaign_views.campaign_close, name="close"),
    path("assessments/<int:assessment_id>/", campaign_views.assessment_detail, name="assessment"),
]
