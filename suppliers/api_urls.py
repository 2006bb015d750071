from django.urls import path

from suppliers import apis

urlpatterns = [
    path("auth/token/", apis.AuthTokenApi.as_view(), name="api-token"),
    path("auth/logout/", apis.AuthLogoutApi.as_view(), name="api-logout"),
    path("auth/logout-all/", apis.AuthLogoutAllApi.as_view(), name="api-logout-all"),
    path("suppliers/", apis.SupplierListCreateApi.as_view(), name="api-supplier-list"),
    path("suppliers/<int:supplier_id>/", apis.SupplierDetailApi.as_view(), name="api-supplier"),
    path(
        "suppliers/<int:supplier_id>/archive/",
        apis.SupplierArchiveApi.as_view(),
        name="api-supplier-archive",
    ),
    path(
        "suppliers/<int:supplier_id>/end-relationship/",
        apis.SupplierRelationshipEndApi.as_view(),
        name="api-supplier-end-relationship",
    ),
    path(
        "suppliers/<int:supplier_id>/history/",
        apis.SupplierHistoryApi.as_view(),
        name="api-supplier-history",
    ),
    path(
        "supplier-imports/template.xlsx",
        apis.SupplierImportTemplateApi.as_view(),
        name="api-supplier-import-template",
    ),
    path("supplier-imports/", apis.SupplierImportCreateApi.as_view(), name="api-supplier-imports"),
    path(
        "supplier-imports/<int:import_id>/",
        apis.SupplierImportDetailApi.as_view(),
        name="api-supplier-import",
    ),
    path(
        "supplier-imports/<int:import_id>/errors.xlsx",
        apis.SupplierImportErrorReportApi.as_view(),
        name="api-supplier-import-errors",
    ),
]
