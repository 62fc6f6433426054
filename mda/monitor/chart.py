"""An indicator's trend per quarter as a small SVG bar chart, drawn on the server with presentation
attributes only (no style sheet, no script), so it sits inline in the page under its
Content-Security-Policy. The same numbers stand in a table beside it."""
from dataclasses import dataclass

from mda.monitor.indicators import SHARE

WIDTH, HEIGHT = 420, 180
LEFT, BOTTOM, TOP = 40, 36, 12
BAR_COLOUR = "#154273"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    top_label: str
    base_y: float
    left: int


def chart(result, number) -> Chart:
    """Bars of the reported quarters (a suppressed or empty quarter has none); ``number`` writes a value."""
    values = [figure.value for _quarter, figure in result.quarters]
    top = 100.0 if result.indicator.kind == SHARE else max([v for v in values if v is not None] or [1.0]) or 1.0
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(values), 1)
    bars = []
    for index, (quarter, figure) in enumerate(result.quarters):
        height = 0.0 if figure.value is None else plot_height * figure.value / top
        bars.append(Bar(LEFT + index * slot + slot * 0.15, TOP + plot_height - height, slot * 0.7, height,
                        quarter.key.replace("-", " "), "" if figure.value is None else number(figure.value)))
    return Chart(WIDTH, HEIGHT, bars, number(top), TOP + plot_height, LEFT)
