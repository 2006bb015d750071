"""Two beat processes by mistake: the same daily tasks run at the same moment in two processes.

No reminder goes out twice, no assessment is marked overdue twice, no label expires twice.
"""

import datetime
import json
import os
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from assessments.models import (
    Assessment,
    Event,
    GreenLabel,
    LabelDecision,
    LabelRules,
    Score,
    SentReminder,
)
from tests.assessments.audit_data import varied_campaign
from tests.integration.conftest import ROOT, database_url

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCRIPT = """
import datetime, json, sys, time
import django
django.setup()
from assessments.labels.services import labels_review
from assessments.campaigns.reminders import reminders_send
start, today = float(sys.argv[1]), datetime.date.fromisoformat(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
print(json.dumps({"reminders": reminders_send(today=today).sent, "labels": labels_review(today=today)}))
"""


def test_daily_tasks_run_by_two_processes_at_once_act_once(officer) -> None:
    campaign = varied_campaign(officer=officer, suppliers=4)
    open_assessment = Assessment.objects.get(campaign=campaign, status="in_progress")
    approved = Assessment.objects.filter(campaign=campaign, status="approved").first()
    today = open_assessment.due_on + datetime.timedelta(days=1)  # "after:1", and overdue
    GreenLabel.objects.create(
        supplier=approved.supplier, status="active", assessment=approved,
        score=Score.objects.filter(assessment=approved).first(),
        rules=LabelRules.objects.order_by("-version").first(),
        granted_at=timezone.now(), valid_until=today - datetime.timedelta(days=1),
    )  # fmt: skip
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
    }
    start = time.time() + 4  # both processes have started Django by then
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(start), today.isoformat()],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    assert sum(result["reminders"] for result in results) == 1, results
    assert sum(result["labels"]["expired"] for result in results) == 1, results
    assert SentReminder.objects.filter(assessment=open_assessment).count() == 1
    assert Event.objects.filter(assessment=open_assessment, kind="reminder_sent").count() == 1
    assert Event.objects.filter(assessment=open_assessment, kind="marked_overdue").count() == 1
    assert LabelDecision.objects.filter(kind="expired").count() == 1
    assert GreenLabel.objects.get().status == "expired"
