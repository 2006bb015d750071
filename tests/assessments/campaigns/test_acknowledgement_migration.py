"""The data migration that carries existing acknowledgements (pages no longer write them)."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from tests.factories import LaunchedCampaignFactory, SupplierFactory, supplier_user

MIGRATION = importlib.import_module("assessments.migrations.0021_carry_code_acknowledgements")


@pytest.mark.django_db
def test_existing_assessments_get_the_suppliers_first_acknowledgement(celery_eager) -> None:  # type: ignore[no-untyped-def]
    supplier, other = SupplierFactory(), SupplierFactory()
    user = supplier_user(supplier=supplier, username="ack-user")
    first = LaunchedCampaignFactory(suppliers=[supplier, other])
    second = LaunchedCampaignFactory(suppliers=[supplier])
    acknowledged = first.assessments.get(supplier=supplier)
    acknowledged_at = timezone.now()
    type(acknowledged).objects.filter(pk=acknowledged.pk).update(
        code_acknowledged_at=acknowledged_at, code_acknowledged_by=user
    )
    later = second.assessments.get(supplier=supplier)
    type(later).objects.filter(pk=later.pk).update(
        code_acknowledged_at=None, code_acknowledged_by=None
    )

    MIGRATION.carry(apps, schema_editor=None)  # the migration's own function, on today's models

    later.refresh_from_db()
    assert later.code_acknowledged_at == acknowledged_at
    assert later.code_acknowledged_by_id == user.pk
    assert later.events.filter(kind="code_acknowledged", via="system").count() == 1
    assert first.assessments.get(supplier=other).code_acknowledged_at is None
