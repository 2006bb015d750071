"""The project's routes: each context's `urlpatterns` (pages) and `api_urlpatterns` (/api/v1/)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from assessments.answers import urls as answer_urls
from assessments.answers import views as answer_views
from assessments.campaigns import urls as campaign_urls
from assessments.corrective_actions import urls as action_urls
from assessments.corrective_actions import views as action_views
from assessments.dashboard import urls as dashboard_urls
from assessments.disclosures import urls as disclosure_urls
from assessments.exports import urls as export_urls
from assessments.ghg import urls as ghg_urls
from assessments.labels import urls as label_urls
from assessments.notifications import urls as notification_urls
from assessments.prefill import urls as prefill_urls
from assessments.questionnaires import urls as questionnaire_urls
from assessments.review import urls as review_urls
from assessments.scope3 import urls as scope3_urls
from assessments.scoring import urls as score_urls
from assessments.spend import urls as spend_urls
from assessments.trends import urls as trend_urls
from core.accounts import PasswordResetView
from core.permissions import IsStaffMember
from suppliers import views as supplier_views

# The staff pages of campaigns, review, corrective actions, labels, the dashboard and rescoring
# share the "campaigns" namespace and prefix, so that their names and paths stay as published.
campaign_pages = (
    campaign_urls.urlpatterns
    + review_urls.urlpatterns
    + action_urls.urlpatterns
    + label_urls.urlpatterns
    + dashboard_urls.urlpatterns
    + score_urls.urlpatterns
    + prefill_urls.urlpatterns
)

api_v1 = (
    questionnaire_urls.api_urlpatterns
    + campaign_urls.api_urlpatterns
    + answer_urls.api_urlpatterns
    + review_urls.api_urlpatterns
    + action_urls.api_urlpatterns
    + score_urls.api_urlpatterns
    + ghg_urls.api_urlpatterns
    + label_urls.api_urlpatterns
    + export_urls.api_urlpatterns
    + disclosure_urls.api_urlpatterns
    + spend_urls.api_urlpatterns
    + prefill_urls.api_urlpatterns
    + trend_urls.api_urlpatterns
    + scope3_urls.api_urlpatterns
)

urlpatterns = [
    path("", supplier_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    # Before Django's own: the same name and path, with a rate limit.
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("suppliers/", include("suppliers.urls")),
    path("portal/", include("assessments.portal.urls")),
    path("evidence/<int:evidence_id>/", answer_views.evidence_download, name="evidence"),
    path("evidence/<int:evidence_id>/view/", answer_views.evidence_view, name="evidence_view"),
    path(
        "evidence/actions/<int:document_id>/",
        action_views.action_document_download,
        name="action_document",
    ),
    path("questionnaires/", include(questionnaire_urls)),
    path("campaigns/", include((campaign_pages, "campaigns"))),
    path("exports/", include(export_urls)),
    path("disclosures/", include(disclosure_urls)),
    path("spend/", include(spend_urls)),
    path("scope3/", include(scope3_urls)),
    path("notifications/", include(notification_urls)),
    path("api/v1/", include("suppliers.api_urls")),
    path("api/v1/", include(api_v1)),
    path(
        "api/schema/", SpectacularAPIView.as_view(permission_classes=[IsStaffMember]), name="schema"
    ),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[IsStaffMember]),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]

handler404 = "core.api.page_not_found"
handler500 = "core.api.server_error"
