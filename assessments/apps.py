from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        # The score column and the detail sections of the staff supplier pages.
        from assessments import supplier_pages

        supplier_pages.register()
