from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from assessments import portal_views
from suppliers import views as supplier_views
from suppliers.permissions import IsStaffMember

urlpatterns = [
    path("", supplier_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("suppliers/", include("suppliers.urls")),
    path("portal/", include("assessments.portal_urls")),
    path("evidence/<int:evidence_id>/", portal_views.evidence_download, name="evidence"),
    path(
        "evidence/actions/<int:document_id>/",
        portal_views.action_document_download,
        name="action_document",
    ),
    path("questionnaires/", include("assessments.urls")),
    path("campaigns/", include("assessments.campaign_urls")),
    path("exports/", include("assessments.export_urls")),
    path("api/v1/", include("suppliers.api_urls")),
    path("api/v1/", include("assessments.api_urls")),
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

handler404 = "config.api.page_not_found"
handler500 = "config.api.server_error"
