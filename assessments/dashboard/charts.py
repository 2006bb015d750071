"""Server-rendered SVG bar charts (no JavaScript; printable; testable as data)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# Geometry of a horizontal bar chart, in SVG user units (pixels at 100 %).
CHART_WIDTH = 640
LABEL_WIDTH = 220
BAR_MAX = 340
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TOP = 6
LABEL_CHARS = 30
PRIMARY = "#2e7d32"
MUTED = "#90a4ae"


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int | Decimal | None
    display: str
    y: int
    width: int
    fill: str = PRIMARY

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= LABEL_CHARS else self.label[: LABEL_CHARS - 1] + "…"

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    name: str  # data-testid suffix: chart-<name>, bar-<name>-<key>
    title: str
    bars: list[Bar] = field(default_factory=list)

    width = CHART_WIDTH
    label_x = LABEL_WIDTH - 8
    bar_x = LABEL_WIDTH
    bar_height = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_HEIGHT * max(len(self.bars), 1)


def _display(value: int | Decimal | None, *, is_percent: bool) -> str:
    if value is None:
        return "—"
    return f"{value}%" if is_percent else str(value)


def bar_chart(
    name: str,
    title: str,
    rows: Sequence[tuple[str, str, int | Decimal | None]],
    *,
    is_percent: bool = False,
    scale: int | Decimal | None = None,
    muted: Iterable[str] = (),
) -> Chart:
    """Bars of (key, label, value) scaled to `scale` (the largest value when not given)."""
    values = [value for _key, _label, value in rows if value is not None]
    top = scale if scale is not None else max(values, default=0)
    muted_keys = set(muted)
    bars = []
    for index, (key, label, value) in enumerate(rows):
        width = 0
        if value is not None and top:
            width = int((Decimal(value) * BAR_MAX / Decimal(top)).to_integral_value(ROUND_HALF_UP))
        bars.append(
            Bar(
                key=key,
                label=str(label),
                value=value,
                display=_display(value, is_percent=is_percent),
                y=TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                width=min(width, BAR_MAX),
                fill=MUTED if key in muted_keys else PRIMARY,
            )
        )
    return Chart(name=name, title=title, bars=bars)
