"""Server-rendered SVG charts (no JavaScript; printable; testable as data).

Colour is a CSS class (`tone-good`, `tone-warn`, `tone-bad`, `tone-muted`, `tone-neutral`,
static/css/dashboard.css): the strict Content Security Policy allows no inline style, and every
colour is repeated in words by a legend and the value labels.
"""

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


class Tone:
    """What a colour means: meets the label minimum, between, below, no data, a plain count."""

    GOOD = "good"
    WARN = "warn"
    BAD = "bad"
    MUTED = "muted"
    NEUTRAL = "neutral"


PRIMARY = Tone.NEUTRAL
MUTED = Tone.MUTED


def tone_of_score(value: Decimal | None, *, low: Decimal, high: Decimal) -> str:
    """A score against the label rules: at least `high` (the overall minimum) good, under `low`
    (the per-area minimum) bad, between the two a warning."""
    if value is None:
        return Tone.MUTED
    if value >= high:
        return Tone.GOOD
    return Tone.BAD if value < low else Tone.WARN


def tone_of_band(lower: Decimal, upper: Decimal | None, *, low: Decimal, high: Decimal) -> str:
    """A band [lower, upper) of scores: good only if all of it meets `high`, bad only if all of
    it is under `low`."""
    if lower >= high:
        return Tone.GOOD
    if upper is not None and upper <= low:
        return Tone.BAD
    return Tone.WARN


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int | Decimal | None
    display: str
    y: int
    width: int
    tone: str = PRIMARY

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
    tones: dict[str, str] | None = None,
    tone: str = PRIMARY,
) -> Chart:
    """Bars of (key, label, value) scaled to `scale` (the largest value when not given), each
    in `tones[key]`, else `tone` (muted keys: Tone.MUTED)."""
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
                tone=MUTED if key in muted_keys else (tones or {}).get(key, tone),
            )
        )
    return Chart(name=name, title=title, bars=bars)


# Geometry of a line chart over years, on a 0-100 scale (scores and percentages).
LINE_WIDTH = 640
LINE_HEIGHT = 260
PLOT_LEFT = 44
PLOT_RIGHT = 24
PLOT_TOP = 20
PLOT_BOTTOM = 40
GRID = (0, 25, 50, 75, 100)
MARKERS = ("circle", "square")


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    value: Decimal | None
    display: str
    label: str  # the x label (the year)

    @property
    def text_y(self) -> int:
        return self.y - 9

    @property
    def square_x(self) -> int:
        return self.x - 5

    @property
    def square_y(self) -> int:
        return self.y - 5


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: Sequence[Decimal | None]
    is_percent: bool = False


@dataclass(frozen=True)
class DrawnSeries:
    key: str
    label: str
    marker: str
    points: list[Point]

    @property
    def path(self) -> str:
        """Polyline points, broken where a value is missing (one `M` per run)."""
        parts: list[str] = []
        pen_down = False
        for point in self.points:
            if point.value is None:
                pen_down = False
                continue
            parts.append(f"{'L' if pen_down else 'M'}{point.x} {point.y}")
            pen_down = True
        return " ".join(parts)


@dataclass(frozen=True)
class GridLine:
    y: int
    label: str


@dataclass(frozen=True)
class Threshold:
    y: int
    label: str


@dataclass(frozen=True)
class XLabel:
    x: int
    label: str


@dataclass(frozen=True)
class LineChart:
    name: str
    title: str
    series: list[DrawnSeries]
    grid: list[GridLine]
    x_labels: list[XLabel]
    threshold: Threshold | None

    width = LINE_WIDTH
    height = LINE_HEIGHT
    plot_left = PLOT_LEFT
    plot_right = LINE_WIDTH - PLOT_RIGHT
    axis_label_x = PLOT_LEFT - 6
    x_label_y = LINE_HEIGHT - PLOT_BOTTOM + 20
    threshold_label_x = LINE_WIDTH - PLOT_RIGHT

    @property
    def is_empty(self) -> bool:
        return not self.x_labels


def _y(value: Decimal) -> int:
    plot = LINE_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    clamped = min(max(Decimal(value), Decimal(0)), Decimal(100))
    return PLOT_TOP + plot - int((clamped * plot / 100).to_integral_value(ROUND_HALF_UP))


def line_chart(
    name: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    threshold: tuple[Decimal, str] | None = None,
) -> LineChart:
    """Lines over `x_labels` (years) on a 0-100 axis, one marker shape per series, values
    written at each point; an optional dashed threshold (the label minimum)."""
    plot_width = LINE_WIDTH - PLOT_LEFT - PLOT_RIGHT
    count = len(x_labels)
    step = plot_width / count if count else 0
    xs = [int(PLOT_LEFT + step * index + step / 2) for index in range(count)]
    drawn = []
    for index, one in enumerate(series):
        points = []
        for x, label, value in zip(xs, x_labels, one.values, strict=True):
            y = _y(value) if value is not None else _y(Decimal(0))
            points.append(
                Point(
                    x=x,
                    y=y,
                    value=value,
                    display=_display(value, is_percent=one.is_percent),
                    label=label,
                )
            )
        drawn.append(
            DrawnSeries(
                key=one.key, label=one.label, marker=MARKERS[index % len(MARKERS)], points=points
            )
        )
    return LineChart(
        name=name,
        title=title,
        series=drawn,
        grid=[GridLine(y=_y(Decimal(value)), label=str(value)) for value in GRID],
        x_labels=[XLabel(x=x, label=label) for x, label in zip(xs, x_labels, strict=True)],
        threshold=(
            Threshold(y=_y(threshold[0]), label=threshold[1]) if threshold is not None else None
        ),
    )
