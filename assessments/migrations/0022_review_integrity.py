"""Evidence the supplier removes is kept for the record: when and by whom it was removed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0021_carry_code_acknowledgements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evidencedocument",
            name="removed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="removed at"),
        ),
        migrations.AddField(
            model_name="evidencedocument",
            name="removed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
