"""Routes of notifications: `urlpatterns` for pages (no API)."""

from django.urls import path

from assessments.notifications import views as notification_views

app_name = "notifications"

urlpatterns = [
    path("", notification_views.notification_list, name="list"),
    path("read-all/", notification_views.notification_read_all, name="read_all"),
    path("<int:notification_id>/read/", notification_views.notification_read, name="read"),
]
