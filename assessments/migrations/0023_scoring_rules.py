from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0022_review_integrity")]

    operations = [
        migrations.AddField(
            model_name="labelrules",
            name="not_assessed_area_passes",
            field=models.BooleanField(
                default=False,
                verbose_name="an area not assessed passes the per-area minimum",
            ),
        ),
    ]
