"""The disclosures data set: suppliers in three regions, assessments in two periods, approved
scores with and without critical failures, corrective actions, ended relationships, labels.

Period 2025 is 2025-04-01 to 2026-03-31; period 2024 the year before (Asia/Shanghai dates).

  supplier        country  registered        ended (reason)          2025 (c25)              2024 (c24)
  cn_new          CN       2025-06-01        -                       approved, critical fail, CA  -
  hk_old          HK       2023-01-01        2026-02-01 environmental approved, overall 50     -
  cn_clean        CN       2024-01-01        -                       approved 85 (provisional
                                                                     had a critical fail); label
  us_other        US       2022-01-01        2025-10-01 other        submitted                -
  cn_late_new     CN       2026-03-31 23:30  -                       invited                  -
  cn_next         CN       2026-04-01 00:10  -                       -                        -
  cn_2024         CN       2023-01-01        -                       -                        approved, critical fail, CA
  archived        CN       2025-05-01        -  (archived)           -                        -
  ended_2024      CN       2020-01-01        2025-03-31 environmental -                       approved 40
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from assessments.models import (
    Assessment,
    Campaign,
    CorrectiveAction,
    LabelDecision,
    Score,
)
from suppliers.models import Supplier
from tests.factories import AssessmentFactory, CampaignFactory, SupplierFactory

LOCAL = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def registered_on(supplier: Supplier, moment: datetime.datetime) -> Supplier:
    Supplier.objects.filter(pk=supplier.pk).update(created_at=moment)
    supplier.refresh_from_db()
    return supplier


def ended(supplier: Supplier, on: datetime.date, reason: str, note: str = "") -> None:
    Supplier.objects.filter(pk=supplier.pk).update(
        relationship_ended_on=on, relationship_end_reason=reason, relationship_end_note=note
    )


def score(
    assessment: Assessment, overall: str | None, critical: list[str], kind: str = "final"
) -> Score:
    return Score.objects.create(
        assessment=assessment,
        kind=kind,
        overall=None if overall is None else Decimal(overall),
        critical_failures=critical,
        version_hash="disclosures",
    )


def action(assessment: Assessment) -> CorrectiveAction:
    return CorrectiveAction.objects.create(
        assessment=assessment,
        title="Renew the discharge permit",
        severity=CorrectiveAction.Severity.CRITICAL,
        due_on=datetime.date(2026, 1, 31),
    )


def label_granted(supplier: Supplier, assessment: Assessment, moment: datetime.datetime) -> None:
    decision = LabelDecision.objects.create(
        supplier=supplier, kind=LabelDecision.Kind.GRANTED, assessment=assessment
    )
    LabelDecision.objects.filter(pk=decision.pk).update(at=moment)


@dataclass
class Data:
    c25: Campaign
    c24: Campaign
    s: dict[str, Supplier]


def make_campaign(name: str, start: datetime.date, version=None) -> Campaign:  # type: ignore[no-untyped-def]
    extra = {"questionnaire_version": version} if version is not None else {}
    return CampaignFactory(
        name=name,
        status=Campaign.Status.LAUNCHED,
        period_start=start,
        period_end=datetime.date(start.year + 1, 3, 31),
        due_on=datetime.date(start.year, 12, 31),
        **extra,
    )


def build() -> Data:
    c25 = make_campaign("FY2025", datetime.date(2025, 4, 1))
    c24 = make_campaign("FY2024", datetime.date(2024, 4, 1), c25.questionnaire_version)
    s = {
        "cn_new": registered_on(SupplierFactory(country="CN"), at(2025, 6, 1)),
        "hk_old": registered_on(SupplierFactory(country="HK"), at(2023, 1, 1)),
        "cn_clean": registered_on(SupplierFactory(country="CN"), at(2024, 1, 1)),
        "us_other": registered_on(SupplierFactory(country="US"), at(2022, 1, 1)),
        "cn_late_new": registered_on(SupplierFactory(country="CN"), at(2026, 3, 31, 23, 30)),
        "cn_next": registered_on(SupplierFactory(country="CN"), at(2026, 4, 1, 0, 10)),
        "cn_2024": registered_on(SupplierFactory(country="CN"), at(2023, 1, 1)),
        "archived": registered_on(
            SupplierFactory(country="CN", status=Supplier.Status.ARCHIVED), at(2025, 5, 1)
        ),
        "ended_2024": registered_on(SupplierFactory(country="CN"), at(2020, 1, 1)),
    }
    ended(
        s["hk_old"], datetime.date(2026, 2, 1), "environmental", '=HYPERLINK("x") overdue permits'
    )
    ended(s["us_other"], datetime.date(2025, 10, 1), "other", "Contract expired")
    ended(s["ended_2024"], datetime.date(2025, 3, 31), "environmental", "Repeated spills")

    a = AssessmentFactory(campaign=c25, supplier=s["cn_new"], status="approved")
    score(a, "80.00", ["A1.2"])
    action(a)
    a = AssessmentFactory(campaign=c25, supplier=s["hk_old"], status="approved")
    score(a, "50.00", [])
    a = AssessmentFactory(campaign=c25, supplier=s["cn_clean"], status="approved")
    score(a, "60.00", ["A1.2"], kind="provisional")
    score(a, "85.00", [])
    label_granted(s["cn_clean"], a, at(2025, 9, 1))
    a = AssessmentFactory(campaign=c25, supplier=s["us_other"], status="submitted")
    score(a, "30.00", ["A1.1"], kind="provisional")
    AssessmentFactory(campaign=c25, supplier=s["cn_late_new"], status="invited")

    a = AssessmentFactory(campaign=c24, supplier=s["cn_2024"], status="approved")
    score(a, "90.00", ["A1.2"])
    action(a)
    a = AssessmentFactory(campaign=c24, supplier=s["ended_2024"], status="approved")
    score(a, "40.00", [])
    label_granted(s["cn_2024"], a, at(2025, 3, 31, 23, 59))
    return Data(c25=c25, c24=c24, s=s)


@pytest.fixture
def data(db) -> Data:  # type: ignore[no-untyped-def]
    return build()
