from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses: jobs, errors, permissions and roles, uploads, API plumbing.

    It has abstract models only, so no tables and no migrations of its own.
    """

    name = "core"
