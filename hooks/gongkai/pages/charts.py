"""Bar charts drawn at build time: the geometry here, the SVG in partials/gongkai/chart.html."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.data.money import format_money

# Eleven colours that stay apart for common colour blindness and print dark enough in grey.
PALETTE = [
    "#1f5fa8",
    "#c0392b",
    "#2e7d32",
    "#8e44ad",
    "#d35400",
    "#00838f",
    "#6d4c41",
    "#ad1457",
    "#455a64",
    "#9e7b00",
    "#5d6d7e",
]
# A drawing unit is about a pixel: the wide drawing is shown at most 32rem (640 px) wide, the
# narrow one across a phone (340 units in about 320 px). Labels and figures are as large as the
# text beside them, 18 px (a tenth less in the narrow drawing on a phone).
WIDTH, HEIGHT = 640, 280
NARROW = 340
LABEL_SIZE = 18  # font size of labels and figures, in the drawing's units
RIGHT = 10


@dataclass
class Segment:
    """One rectangle: a series' share of one bar."""

    x: float
    y: float
    width: float
    height: float
    color: str
    label: str  # what a hover (the SVG <title>) says


@dataclass
class Drawing:
    """The chart laid out for one width: a screen's or a phone's."""

    width: int
    label_size: int
    left: float  # where the bars start: right of the widest figure of the value axis
    bottom_line: float  # the bars' foot, above the labels
    height: int = HEIGHT
    segments: list[Segment] = field(default_factory=list)
    totals: list[tuple[float, float, str]] = field(default_factory=list)  # (x, y, text) above bars
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, text) on the value axis
    # (x, text) under the bars
    label_positions: list[tuple[float, str]] = field(default_factory=list)
    variant: str = "wide"

    @property
    def label_drop(self) -> int:
        """From the bars' foot to the labels' baseline."""
        return self.label_size + 4

    @property
    def tick_rise(self) -> int:
        """A tick's figure centred on its line."""
        return self.label_size // 3


@dataclass
class Chart:
    """A bar chart, stacked when it has several series, drawn for a screen and for a phone."""

    title: str
    description: str
    labels: list[str]
    series: list[tuple[str, str]] = field(default_factory=list)  # (name, colour) for the legend
    table: list[list[str]] = field(default_factory=list)  # the same figures as a table
    drawings: list[Drawing] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to draw."""
        return not self.drawings or not self.drawings[0].segments


def _text_width(text: str, size: int) -> float:
    return sum(size * (0.62 if ord(char) < 0x2E80 else 1.0) for char in text)


def _draw(
    width: int,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    totals: list[float],
    top: float,
    unit: str,
) -> Drawing:
    size = LABEL_SIZE
    top_room, bottom_room = size + 8, size + 20  # the figure over the tallest bar; the labels
    ticks = [(fraction, _number(top * fraction)) for fraction in (0, 0.5, 1)]
    left = math.ceil(max(_text_width(text, size) for _, text in ticks)) + 8
    drawing = Drawing(
        width, size, left, HEIGHT - bottom_room, variant="wide" if width == WIDTH else "narrow"
    )
    plot_height = HEIGHT - top_room - bottom_room
    step = (width - left - RIGHT) / max(1, len(labels))
    bar = step * 0.7
    for i, label in enumerate(labels):
        y = drawing.bottom_line
        for index, (name, values) in enumerate(series):
            if not values[i]:
                continue
            height = values[i] / top * plot_height
            y -= height
            drawing.segments.append(
                Segment(
                    round(left + step * i + (step - bar) / 2, 1),
                    round(y, 1),
                    round(bar, 1),
                    round(height, 1),
                    PALETTE[index % len(PALETTE)],
                    f"{label} {name}：{_number(values[i])} {unit}",
                )
            )
        if totals[i] and _text_width(_number(totals[i]), size) <= step * 1.1:
            drawing.totals.append(
                (round(left + step * (i + 0.5), 1), round(y - 5, 1), _number(totals[i]))
            )
    drawing.ticks = [
        (round(drawing.bottom_line - plot_height * fraction, 1), text) for fraction, text in ticks
    ]
    # under a narrow drawing: "10月" becomes "10", and only every k-th label when they would touch
    shown = [
        label.removesuffix("月") if width != WIDTH and label.endswith("月") else label
        for label in labels
    ]
    widest = max((_text_width(t, size) for t in shown), default=0)
    every = max(1, math.ceil(widest * 1.15 / step))
    drawing.label_positions = [
        (round(left + step * (i + 0.5), 1), t) for i, t in enumerate(shown) if i % every == 0
    ]
    return drawing


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def bar_chart(
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    unit: str = "条",
) -> Chart:
    """Bars over labels, one stack per label, one colour per series (series without any value are left out)."""
    series = [(name, values) for name, values in series if any(values)]
    chart = Chart(title, description, labels)
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    chart.series = [(name, PALETTE[index % len(PALETTE)]) for index, (name, _) in enumerate(series)]
    chart.drawings = [_draw(width, labels, series, totals, top, unit) for width in (WIDTH, NARROW)]
    chart.table = [[""] + labels] + [
        [name] + [_number(v) for v in values] for name, values in series
    ]
    if len(series) > 1:
        chart.table.append(["合计"] + [_number(t) for t in totals])
    return chart


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def distribution(amounts: list[Decimal], *, title: str) -> Chart:
    """How many people received how much: about eight ranges of equal width, in 元."""
    low, high = min(amounts), max(amounts)
    span = float(high - low) or 1.0
    width = _nice_max(span / 8)
    start = math.floor(float(low) / width) * width
    bins = max(1, math.ceil((float(high) - start) / width + 1e-9))
    if start + bins * width <= float(high):
        bins += 1
    counts = [0] * bins
    for amount in amounts:
        counts[min(bins - 1, int((float(amount) - start) // width))] += 1
    labels = [f"{format_money(Decimal(start + i * width))[:-3]}起" for i in range(bins)]
    return bar_chart(
        title,
        f"共 {len(amounts)} 人，按金额分为每 {_number(width)} 元一档的人数",
        labels,
        [("人数", counts)],
        unit="人",
    )
