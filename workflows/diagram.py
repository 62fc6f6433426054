"""Pictures and tables of a workflow, drawn from its spec so they never drift from the rules.

`workflow_svg()` lays the states out as boxes in phase order, with the main path running down,
side exits to the right and steps back (a relapse) along the left; `transition_table()` gives the
same steps as rows for a text table beside the picture.
"""
import textwrap
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

from .guards import GUARD_DESCRIPTIONS
from .spec import TransitionSpec, WorkflowSpec
from .text import LANGUAGES, Label

BOX_HEIGHT = 44
GAP_Y = 64
GAP_X = 210
STATE_FONT = 13
EDGE_FONT = 12
LINE_HEIGHT = 15
WRAP = 26
BUS_STEP = 22
MARGIN = 24

REASON_REQUIRED = Label('De gebruiker legt de reden voor deze stap vast.',
                        'The user records the reason for this step.')


class TransitionRow(NamedTuple):
    source: str
    dest: str
    event: str
    conditions: tuple[str, ...]


def transition_table(spec: WorkflowSpec, lang: str = 'nl') -> list[TransitionRow]:
    """One row per step and source state: labels and the conditions in words."""
    _check_language(lang)
    rows = []
    for t in spec.transitions:
        conditions = tuple(GUARD_DESCRIPTIONS[g].text(lang) for g in t.guards)
        if t.needs_reason:
            conditions += (REASON_REQUIRED.text(lang),)
        for source in t.sources:
            rows.append(TransitionRow(spec.state(source).label.text(lang),
                                      spec.state(t.dest).label.text(lang),
                                      t.label.text(lang), conditions))
    return rows


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self):
        return self.x + self.w / 2

    @property
    def cy(self):
        return self.y + self.h / 2


def workflow_svg(spec: WorkflowSpec, lang: str = 'nl') -> str:
    """An accessible SVG picture of `spec`, with texts in `lang` ('nl' or 'en')."""
    _check_language(lang)
    cells = _grid(spec)
    back = [t for t in spec.transitions if _is_back(t, cells)]
    left = MARGIN + (len(back) * BUS_STEP + _text_width(_wrap_longest(back, lang), EDGE_FONT)
                     if back else 0)
    box_w = max(170, max(_text_width(s.label.text(lang), STATE_FONT) for s in spec.states) + 28)
    boxes = {name: _Box(left + col * (box_w + GAP_X), MARGIN + row * (BOX_HEIGHT + GAP_Y),
                        box_w, BOX_HEIGHT)
             for name, (col, row) in cells.items()}
    one_column = all(col == 0 for col, _ in cells.values())
    width = max(b.x + b.w for b in boxes.values()) + MARGIN + (GAP_X / 2 if one_column else 0)
    height = max(b.y + b.h for b in boxes.values()) + MARGIN

    title_id, desc_id = f'{spec.name}-diagram-title', f'{spec.name}-diagram-desc'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" lang="{lang}">',
        f'<title id="{title_id}">{escape(spec.label.text(lang))}</title>',
        f'<desc id="{desc_id}">{escape(_description(spec, lang))}</desc>',
        f'<defs><marker id="{spec.name}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" '
        'fill="#333"/></marker></defs>',
    ]
    arrow = f'url(#{spec.name}-arrow)'
    for index, t in enumerate(back):
        parts.append(_back_edge(t, boxes, left - (index + 1) * BUS_STEP, lang, arrow))
    for t in spec.transitions:
        if t not in back:
            parts += [_edge(t, source, boxes, lang, arrow) for source in t.sources]
    parts += [_state(spec.state(name), box, lang) for name, box in boxes.items()]
    parts.append('</svg>')
    return '\n'.join(parts)


def _grid(spec: WorkflowSpec) -> dict[str, tuple[int, int]]:
    """Column and row per state: the main path down column 0, other states to the right."""
    order = spec.state_names
    spine = [spec.initial]
    while True:
        after = order.index(spine[-1]) + 1
        if after >= len(order) or not spec.transitions_between(spine[-1], order[after]):
            break
        spine.append(order[after])
    cells = {name: (0, row) for row, name in enumerate(spine)}
    pending = [name for name in order if name not in cells]
    while pending:
        name = next((n for n in pending if _placed_sources(spec, n, cells)), pending[0])
        sources = _placed_sources(spec, name, cells)
        col, row = cells[sources[0]] if sources else (0, len(cells))
        col += 1
        while (col, row) in cells.values():
            row += 1
        cells[name] = (col, row)
        pending.remove(name)
    return cells


def _placed_sources(spec: WorkflowSpec, name: str, cells) -> list[str]:
    return [s for t in spec.transitions if t.dest == name for s in t.sources if s in cells]


def _is_back(t: TransitionSpec, cells) -> bool:
    """A step back up the main path, such as a relapse; it may also start at its destination."""
    col, row = cells[t.dest]
    below = [cells[s][0] == col and cells[s][1] > row for s in t.sources if s != t.dest]
    return bool(below) and all(below)


def _edge(t: TransitionSpec, source: str, boxes, lang: str, arrow: str) -> str:
    a, b = boxes[source], boxes[t.dest]
    if a.x == b.x and b.y > a.y:
        start, end = (a.cx, a.y + a.h), (b.cx, b.y)
        x, y, anchor = a.cx + 8, (start[1] + end[1]) / 2, 'start'
    else:
        start, end = _border_point(a, b.cx, b.cy), _border_point(b, a.cx, a.cy)
        along = 0.5 if start[1] == end[1] else 0.25
        x = start[0] + (end[0] - start[0]) * along
        y = start[1] + (end[1] - start[1]) * along
        anchor = 'middle'
    path = f'M{start[0]:.1f} {start[1]:.1f} L{end[0]:.1f} {end[1]:.1f}'
    return _edge_group(t, path, x, y, anchor, lang, arrow, dashed=False,
                       above=start[1] == end[1])


def _back_edge(t: TransitionSpec, boxes, bus_x: float, lang: str, arrow: str) -> str:
    dest = boxes[t.dest]
    sources = [boxes[s] for s in t.sources]
    leave, enter = 8, dest.cy - 8
    lowest = max(s.cy for s in sources) + leave
    path = ' '.join(f'M{s.x:.1f} {s.cy + leave:.1f} H{bus_x:.1f}' for s in sources)
    path += f' M{bus_x:.1f} {lowest:.1f} V{enter:.1f} H{dest.x:.1f}'
    return _edge_group(t, path, bus_x - 6, (enter + lowest) / 2, 'end', lang, arrow,
                       dashed=True)


def _edge_group(t: TransitionSpec, path: str, x: float, y: float, anchor: str, lang: str,
                arrow: str, dashed: bool, above: bool = False) -> str:
    """An arrow with its label; the label sits centred on (x, y), or just above it."""
    lines = _wrap(t.label.text(lang))
    width = max(_text_width(line, EDGE_FONT) for line in lines) + 6
    left = {'start': x - 3, 'middle': x - width / 2, 'end': x - width + 3}[anchor]
    height = LINE_HEIGHT * len(lines) + 4
    top = y - height - 3 if above else y - height / 2
    dash = ' stroke-dasharray="6 4"' if dashed else ''
    tspans = ''.join(
        f'<tspan x="{x:.1f}" dy="{LINE_HEIGHT if i else 0}">{escape(line)}</tspan>'
        for i, line in enumerate(lines))
    first_baseline = top + LINE_HEIGHT - 1
    return (
        f'<g class="transition" data-event="{escape(t.event)}">'
        f'<title>{escape(t.label.text(lang))}</title>'
        f'<path d="{path}" fill="none" stroke="#333" stroke-width="1.5"{dash} '
        f'marker-end="{arrow}"/>'
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" '
        f'height="{height}" fill="#fff" opacity="0.9"/>'
        f'<text x="{x:.1f}" y="{first_baseline:.1f}" font-size="{EDGE_FONT}" '
        f'text-anchor="{anchor}" fill="#222">{tspans}</text></g>')


def _state(state, box: _Box, lang: str) -> str:
    fill, stroke = ('#e8f1fb', '#1a5fb4') if state.active else ('#fff', '#333')
    inner = (f'<rect x="{box.x + 4:.1f}" y="{box.y + 4:.1f}" width="{box.w - 8:.1f}" '
             f'height="{box.h - 8:.1f}" rx="6" fill="none" stroke="{stroke}"/>'
             if state.final else '')
    return (
        f'<g class="state" data-state="{escape(state.name)}">'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
        f'rx="8" fill="{fill}" stroke="{stroke}" stroke-width="2"/>{inner}'
        f'<text x="{box.cx:.1f}" y="{box.cy + STATE_FONT * 0.35:.1f}" font-size="{STATE_FONT}" '
        f'text-anchor="middle" fill="#111">{escape(state.label.text(lang))}</text></g>')


def _border_point(box: _Box, toward_x: float, toward_y: float) -> tuple[float, float]:
    """Where the line from the box's centre toward a point leaves the box."""
    dx, dy = toward_x - box.cx, toward_y - box.cy
    if dx == dy == 0:
        return box.cx, box.cy
    scale = min(box.w / 2 / abs(dx) if dx else float('inf'),
                box.h / 2 / abs(dy) if dy else float('inf'))
    return box.cx + dx * scale, box.cy + dy * scale


def _description(spec: WorkflowSpec, lang: str) -> str:
    states = ', '.join(s.label.text(lang) for s in spec.states)
    steps = '; '.join(f'{r.event}: {r.source} → {r.dest}' for r in transition_table(spec, lang))
    intro = ('Toestanden' if lang == 'nl' else 'States', 'Stappen' if lang == 'nl' else 'Steps')
    return f'{intro[0]}: {states}. {intro[1]}: {steps}.'


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WRAP, break_on_hyphens=False)


def _wrap_longest(transitions, lang: str) -> str:
    return max((line for t in transitions for line in _wrap(t.label.text(lang))), key=len)


def _text_width(text: str, font_size: float) -> float:
    return len(text) * font_size * 0.56


def _check_language(lang: str):
    if lang not in LANGUAGES:
        raise ValueError(f'language {lang!r}; expected one of {LANGUAGES}')
