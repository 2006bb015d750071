# Documents that expire: a permit's or certificate's validity, and the questions that ask for it.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0031_prefill")]

    operations = [
        migrations.AddField(
            model_name="evidencedocument",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="valid from"),
        ),
        migrations.AddField(
            model_name="evidencedocument",
            name="valid_until",
            field=models.DateField(blank=True, null=True, verbose_name="valid until"),
        ),
        migrations.AddField(
            model_name="question",
            name="requires_validity",
            field=models.BooleanField(default=False, verbose_name="documents state their validity"),
        ),
        migrations.AddConstraint(
            model_name="evidencedocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    ("valid_until__isnull", True),
                    ("valid_from__lte", models.F("valid_until")),
                    _connector="OR",
                ),
                name="evidence_validity_ordered",
            ),
        ),
    ]
