"""Load (and publish) the shipped default questionnaire. Idempotent: same content, same version."""

from typing import Any

from django.core.management.base import BaseCommand

from assessments.questionnaires.services import default_questionnaire_load
from assessments.scope3.services import scope3_questionnaire_load


class Command(BaseCommand):
    help = "Load the default 'Supplier ESG Code of Conduct: environmental areas' questionnaire."

    def handle(self, *args: Any, **options: Any) -> None:
        # The default, then its next version with the Scope 3 allocation questions.
        for version in (default_questionnaire_load(), scope3_questionnaire_load()):
            self.stdout.write(
                self.style.SUCCESS(
                    f"{version.questionnaire.code} version {version.number} ({version.status}, "
                    f"{version.content_hash[:12]})"
                )
            )
