"""The trend section of the staff supplier page (registered in assessments/supplier_pages.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from assessments.dashboard.charts import Series, line_chart
from assessments.labels.models import LabelRules
from assessments.trends.selectors import supplier_trend, trend_area_codes
from suppliers.models import Supplier


def supplier_trend_section(*, request: HttpRequest, supplier: Supplier) -> dict[str, Any]:
    """The table of the supplier's campaigns and a line chart of its overall score."""
    entries = supplier_trend(supplier=supplier)
    periods = [str(entry.period) for entry in entries]
    # Two campaigns in one period: the chart names them, as the periods alone would repeat.
    x_labels = periods if len(set(periods)) == len(periods) else [e.campaign_name for e in entries]
    rules = LabelRules.objects.in_force()
    minimum = rules.min_overall if rules is not None else Decimal(70)
    chart = line_chart(
        "supplier-trend",
        _("Overall score by reporting period"),
        x_labels,
        [
            Series(
                "overall",
                _("Overall score"),
                [None if e.overall is None else Decimal(str(e.overall)) for e in entries],
            )
        ],
        threshold=(minimum, _("Label minimum %(min)s") % {"min": minimum}),
    )
    codes = trend_area_codes(entries)
    return {
        "trend_entries": entries,
        "trend_area_codes": codes,
        "trend_rows": [(entry, [entry.area(code) for code in codes]) for entry in entries],
        "trend_chart": chart,
    }
