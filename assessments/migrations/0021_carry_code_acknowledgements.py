"""Carry each supplier's code-of-conduct acknowledgement onto its unacknowledged assessments.

Opening a portal page used to carry it over; now it is carried when an assessment is created
and when the supplier acknowledges, so existing rows get it once here. Frozen: no app code.
"""

from django.db import migrations


def carry(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Event = apps.get_model("assessments", "Event")
    earliest = {}
    for source in Assessment.objects.filter(code_acknowledged_at__isnull=False).order_by(
        "code_acknowledged_at", "pk"
    ):
        earliest.setdefault(source.supplier_id, source)
    pending = Assessment.objects.filter(
        code_acknowledged_at__isnull=True, supplier_id__in=list(earliest)
    )
    for assessment in pending.iterator():
        source = earliest[assessment.supplier_id]
        assessment.code_acknowledged_at = source.code_acknowledged_at
        assessment.code_acknowledged_by_id = source.code_acknowledged_by_id
        assessment.save(update_fields=["code_acknowledged_at", "code_acknowledged_by", "updated_at"])
        Event.objects.create(
            assessment=assessment,
            kind="code_acknowledged",
            actor_id=source.code_acknowledged_by_id,
            via="system",
            question_code="",
            data={"carried_from_assessment": source.pk},
            is_supplier_visible=False,
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0020_export_runs")]

    operations = [migrations.RunPython(carry, migrations.RunPython.noop)]
