"""Load (and publish) the shipped default questionnaire. Idempotent: same content, same version."""

from typing import Any

from django.core.management.base import BaseCommand

from assessments.questionnaires.services import default_questionnaire_load


class Command(BaseCommand):
    help = "Load the default 'Supplier ESG Code of Conduct: environmental areas' questionnaire."

    def handle(self, *args: Any, **options: Any) -> None:
        version = default_questionnaire_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"{version.questionnaire.code} version {version.number} ({version.status}, "
                f"{version.content_hash[:12]})"
            )
        )
