from django.urls import path

from suppliers import views

app_name = "suppliers"

urlpatterns = [
    path("", views.supplier_list, name="list"),
    path("new/", views.supplier_create, name="create"),
    path("<int:supplier_id>/", views.supplier_detail, name="detail"),
    path("<int:supplier_id>/edit/", views.supplier_edit, name="edit"),
    path("<int:supplier_id>/archive/", views.supplier_archive, name="archive"),
    path("<int:supplier_id>/unarchive/", views.supplier_unarchive, name="unarchive"),
    path(
        "<int:supplier_id>/relationship-end/",
        views.supplier_relationship_end,
        name="relationship_end",
    ),
    path("imports/", views.supplier_import, name="import"),
    path("imports/template.xlsx", views.supplier_import_template, name="import_template"),
    path("imports/<int:import_id>/", views.supplier_import_detail, name="import_detail"),
    path("imports/<int:import_id>/errors.xlsx", views.supplier_import_errors, name="import_errors"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_edit, name="category_create"),
    path("categories/<int:category_id>/edit/", views.category_edit, name="category_edit"),
]
