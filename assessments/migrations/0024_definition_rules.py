from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0023_scoring_rules")]

    operations = [
        migrations.AddField(
            model_name="choice",
            name="is_exclusive",
            field=models.BooleanField(default=False, verbose_name="excludes the other choices"),
        ),
    ]
