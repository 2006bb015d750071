"""Routes of the next cycle prefilled: `urlpatterns` (review pages, in the "campaigns"
namespace), `portal_urlpatterns` (in "portal") and `api_urlpatterns` for /api/v1/."""

from django.urls import path

from assessments.prefill import apis as prefill_apis
from assessments.prefill import views as prefill_views

urlpatterns = [
    path(
        "assessments/<int:assessment_id>/review/accept-carried/",
        prefill_views.carried_accept,
        name="carried_accept",
    ),
]

portal_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/areas/<str:area_code>/confirm-carried/",
        prefill_views.carried_confirm,
        name="carried_confirm",
    ),
]

api_urlpatterns = [
    path(
        "assessments/<int:assessment_id>/areas/<str:area_code>/confirm-carried/",
        prefill_apis.CarriedConfirmApi.as_view(),
        name="api-assessment-confirm-carried",
    ),
    path(
        "assessments/<int:assessment_id>/areas/<str:area_code>/accept-carried/",
        prefill_apis.CarriedAcceptApi.as_view(),
        name="api-assessment-accept-carried",
    ),
]
