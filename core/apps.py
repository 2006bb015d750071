from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses: jobs, errors, permissions and roles, uploads, API plumbing.

    It has abstract models only, so no tables and no migrations of its own.
    """

    name = "core"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from core.authentication import revoke_tokens_on_password_set_or_deactivation

        post_save.connect(
            revoke_tokens_on_password_set_or_deactivation,
            sender=get_user_model(),
            dispatch_uid="core.revoke_tokens",
        )
