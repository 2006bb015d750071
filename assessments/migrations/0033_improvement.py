# Placeholder: filled by the work it is named for, or deleted when unused.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assessments", "0032_document_validity")]

    operations: list[migrations.operations.base.Operation] = []
