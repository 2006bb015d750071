from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0026_notifications")]

    operations = [
        # Rescoring skips an assessment it cannot score: the job then ends "partial".
        migrations.AlterField(
            model_name="rescoringjob",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("running", "Running"),
                    ("succeeded", "Succeeded"),
                    ("partial", "Finished with failures"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
