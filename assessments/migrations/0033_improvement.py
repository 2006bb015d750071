# Improvement that counts: a corrective action carries the supplier's improved answer, and its
# verified closing records the rescoring (before and after) and the label decision it caused.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0032_document_validity")]

    operations = [
        migrations.AddField(
            model_name="correctiveaction",
            name="proposed_value",
            field=models.JSONField(blank=True, null=True, verbose_name="improved answer"),
        ),
        migrations.AddField(
            model_name="correctiveaction",
            name="score_before",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.score",
            ),
        ),
        migrations.AddField(
            model_name="correctiveaction",
            name="score_after",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.score",
            ),
        ),
        migrations.AddField(
            model_name="correctiveaction",
            name="label_decision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.labeldecision",
            ),
        ),
    ]
