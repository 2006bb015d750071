# Placeholder: filled by the work it is named for, or deleted when unused.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assessments", "0031_prefill")]

    operations: list[migrations.operations.base.Operation] = []
