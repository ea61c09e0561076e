"""Geometry for the dashboards' charts, drawn by the templates as inline SVG.

No chart library and no script: the page's Content-Security-Policy allows
neither inline scripts nor inline styles, and SVG attributes need neither.
Charts read right to left like the page: bars grow from the right edge and
time runs from the oldest point on the right to the newest on the left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from registry.records import CoveragePoint

__all__ = ["Dot", "Line", "bar_width", "history_line", "province_history"]


def bar_width(percent: float | None) -> float:
    """Bar length out of 100 (the SVG viewBox width); nothing declared draws no bar."""
    if percent is None:
        return 0.0
    return round(min(100.0, max(0.0, percent)), 1)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    at: datetime
    percent: float


@dataclass(frozen=True)
class Line:
    width: int
    height: int
    dots: list[Dot]

    @property
    def points(self) -> str:
        """The ``points`` attribute of an SVG polyline."""
        return " ".join(f"{d.x:g},{d.y:g}" for d in self.dots)

    @property
    def plot_right(self) -> float:
        """Where the plot ends and the axis labels begin."""
        return self.width - AXIS

    def y_of(self, percent: float) -> float:
        """Where a gridline for ``percent`` goes."""
        return _y(percent, self.height)


_PAD = 6.0
AXIS = 34  # room at the right edge for the 0/50/100% labels


def _y(percent: float, height: int) -> float:
    return round(_PAD + (height - 2 * _PAD) * (1 - min(100.0, max(0.0, percent)) / 100), 1)


def history_line(
    points: Sequence[tuple[datetime, float]], *, width: int = 320, height: int = 90
) -> Line | None:
    """Coverage % over time on a fixed 0–100 scale (so a flat line at 100 reads as good)."""
    if not points:
        return None
    ordered = sorted(points, key=lambda p: p[0])
    right = width - AXIS - _PAD  # where the oldest point goes
    step = (right - _PAD) / (len(ordered) - 1) if len(ordered) > 1 else 0.0
    dots = []
    for i, (at, percent) in enumerate(ordered):
        # oldest at the right, newest at the left (right-to-left reading)
        x = right - i * step if len(ordered) > 1 else (right + _PAD) / 2
        dots.append(Dot(round(x, 1), _y(percent, height), at, percent))
    return Line(width, height, dots)


def province_history(
    histories: Mapping[str, Sequence[CoveragePoint]],
) -> list[tuple[datetime, float]]:
    """Province-wide coverage over time from each agency's own history.

    At each moment an agency's coverage changed, the province figure is all
    matched over all declared services, taking every agency at its latest
    point so far (an agency with no point yet does not count).
    """
    events = sorted(
        (point.at, agency_id, point) for agency_id, pts in histories.items() for point in pts
    )
    latest: dict[str, CoveragePoint] = {}
    result: list[tuple[datetime, float]] = []
    for at, agency_id, point in events:
        latest[agency_id] = point
        declared = sum(p.declared for p in latest.values())
        if not declared:
            continue
        matched = sum(p.matched for p in latest.values())
        value = round(100 * matched / declared, 1)
        if result and result[-1][0] == at:
            result[-1] = (at, value)
        else:
            result.append((at, value))
    return result
