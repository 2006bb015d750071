"""Celery tasks: each takes ids and calls one service.

The names (module path and function) are what the broker and the beat schedule know, so the
tasks stay here at the app root. Services import these tasks at the top of their module; the
tasks import the services inside their bodies, so that the import graph has no cycle.
"""

from celery import shared_task


@shared_task(acks_late=True)
def invitation_send_task(invitation_id: int, token: str) -> None:
    from assessments.campaigns.notifications import invitation_send

    invitation_send(invitation_id=invitation_id, token=token)


@shared_task
def reminders_send_task() -> dict[str, int]:
    from assessments.campaigns.reminders import action_reminders_send, reminders_send

    run = reminders_send() + action_reminders_send()
    return {"sent": run.sent, "failed": run.failed}


@shared_task
def document_expiry_reminders_task() -> dict[str, int]:
    from assessments.answers.reminders import document_expiry_reminders_send

    run = document_expiry_reminders_send()
    return {"sent": run.sent, "failed": run.failed}


@shared_task(acks_late=True)
def assessment_score_task(assessment_id: int, kind: str) -> None:
    from assessments.scoring.services import assessment_score

    assessment_score(assessment_id=assessment_id, kind=kind)


@shared_task
def labels_review_task() -> dict[str, int]:
    from assessments.labels.services import labels_review

    return labels_review()


@shared_task(acks_late=True)
def rescoring_run_task(job_id: int) -> None:
    from assessments.scoring.services import rescoring_run

    rescoring_run(job_id=job_id)


@shared_task(acks_late=True)
def export_build_task(export_id: int) -> None:
    from assessments.exports.services import export_build

    export_build(export_id=export_id)


@shared_task
def exports_purge_task() -> int:
    from assessments.exports.services import exports_purge

    return exports_purge()


@shared_task
def exports_recover_task() -> dict[str, int]:
    from assessments.exports.services import exports_recover

    return exports_recover()


@shared_task(acks_late=True)
def notification_event_task(event_id: int) -> int:
    from assessments.notifications.services import notification_event_deliver

    return notification_event_deliver(event_id=event_id)


@shared_task(acks_late=True)
def notification_label_task(decision_id: int) -> int:
    from assessments.notifications.services import notification_label_deliver

    return notification_label_deliver(decision_id=decision_id)


@shared_task(acks_late=True)
def spend_import_run_task(import_id: int) -> None:
    from assessments.spend.services import spend_import_run

    spend_import_run(import_id=import_id)


@shared_task
def spend_imports_recover_task() -> dict[str, int]:
    from assessments.spend.services import spend_imports_recover

    return spend_imports_recover()
