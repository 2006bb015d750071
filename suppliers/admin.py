from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from suppliers.models import Category, Site, Supplier, SupplierImport, SupplierMembership


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "name_en",
        "country",
        "region",
        "registration_code",
        "category",
        "status",
    ]
    list_filter = ["status", "region", "category"]
    search_fields = ["name", "name_en", "registration_code"]
    list_select_related = ["category"]
    readonly_fields = ["region", "created_at", "updated_at", "created_by", "updated_by"]
    inlines = [SiteInline]


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_en", "name_zh", "is_active", "sort_order"]


@admin.register(SupplierMembership)
class SupplierMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "supplier", "created_at"]
    raw_id_fields = ["user", "supplier"]
    list_select_related = ["user", "supplier"]


@admin.register(SupplierImport)
class SupplierImportAdmin(admin.ModelAdmin):
    list_display = ["id", "original_name", "status", "total_rows", "created", "updated", "failed"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in SupplierImport._meta.fields]
