"""Next cycle prefilled: a campaign based on an earlier one, carried answers and their events."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0030_spend_lines")]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="based_on",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="assessments.campaign",
                verbose_name="based on",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="carried_forward",
            field=models.BooleanField(default=False, verbose_name="carried forward"),
        ),
        migrations.AddField(
            model_name="answer",
            name="carried_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="assessments.answer",
                verbose_name="carried forward from",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="confirmed",
            field=models.BooleanField(default=True, verbose_name="confirmed"),
        ),
        migrations.AlterField(
            model_name="event",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Assessment created"),
                    ("invited", "Invitation sent"),
                    ("invitation_accepted", "Invitation accepted"),
                    ("code_acknowledged", "Code of conduct acknowledged"),
                    ("answer_saved", "Answer saved"),
                    ("evidence_uploaded", "Evidence uploaded"),
                    ("evidence_removed", "Evidence removed"),
                    ("submitted", "Submitted"),
                    ("answer_accepted", "Answer accepted"),
                    ("answer_queried", "Answer queried"),
                    ("evidence_accepted", "Evidence accepted"),
                    ("evidence_rejected", "Evidence rejected"),
                    ("returned", "Returned to the supplier"),
                    ("approved", "Approved"),
                    ("rejected", "Rejected"),
                    ("reminder_sent", "Reminder sent"),
                    ("marked_overdue", "Marked overdue"),
                    ("due_date_changed", "Due date changed"),
                    ("action_raised", "Corrective action raised"),
                    ("action_responded", "Corrective action answered"),
                    ("action_closed", "Corrective action closed"),
                    ("action_reopened", "Corrective action reopened"),
                    ("answers_carried", "Answers carried forward"),
                    ("carried_confirmed", "Carried answers confirmed"),
                    ("carried_accepted", "Unchanged carried answers accepted"),
                ],
                max_length=40,
                verbose_name="event",
            ),
        ),
    ]
