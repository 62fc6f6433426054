"""The trend of the safety scores as an SVG drawn on the server with pygal.

The SVG carries no script and no tooltips. pygal styles it with an inline ``<style>``, which the
page's Content-Security-Policy would block, so the chart is served as an image of its own (the
policy does not reach into an image). Its main looks are repeated as SVG attributes, so the chart
still reads when someone opens the image on its own and the policy does block the style.
"""
import sys

import pygal
from flask_babel import gettext as _
from pygal.style import Style

from mda.reviews.queries import Trend

# pygal appends an import hook for its map plugins (unused here) that only has the legacy
# find_module(): from then on every failed optional import anywhere in the process raises an
# ImportWarning. Take it out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

TEAM_COLOUR = "#154273"
PARTNER_COLOURS = ("#ca005d", "#e17000", "#39870c", "#007bc7", "#673327", "#a90061", "#275937",
                   "#94710a", "#42145f", "#d52b1e")
THRESHOLD_COLOUR = "#1a1a1a"
TEAM_STROKE = {"width": 4}
THRESHOLD_STROKE = {"width": 2, "dasharray": "12, 6"}
INTERACTIVE = frozenset({"reactive", "tooltip-trigger", "activate-serie"})
FONT = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _name(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _without_interaction(root):
    """Drops pygal's script, its tooltip overlay, its comments and its hover classes."""
    for parent in list(root.iter()):
        for child in list(parent):
            if _name(child) in ("", "script") or "tooltip-overlay" in child.get("class", ""):
                parent.remove(child)
    for element in root.iter():
        classes = element.get("class", "").split()
        if INTERACTIVE.intersection(classes):
            element.set("class", " ".join(c for c in classes if c not in INTERACTIVE))
    return root


def _as_attributes(colours: tuple[str, ...]):
    """Repeats the main looks of pygal's style sheet as presentation attributes, which give way
    to the style sheet wherever it applies."""
    strokes = {0: TEAM_STROKE, len(colours) - 1: THRESHOLD_STROKE}

    def apply(root):
        root.set("font-family", FONT)
        for element in root.iter():
            classes = set(element.get("class", "").split())
            colour = next((c for c in classes if c.startswith("color-")), None)
            serie = next((int(c[6:]) for c in classes if c.startswith("serie-")), None)
            for key, value in strokes.get(serie, {}).items():
                element.set(f"stroke-{key}", str(value))
            if "background" in classes:
                element.set("fill", "#ffffff")
            elif "nofill" in classes:
                element.set("fill", "none")
            elif "line" in classes:
                element.set("fill", "none")
                element.set("stroke", "#c8c8c8" if "guide" in classes else "#1a1a1a")
            elif colour is not None:
                element.set("fill", colours[int(colour[6:]) % len(colours)])
                element.set("stroke", colours[int(colour[6:]) % len(colours)])
            if _name(element) == "g" and {"axis", "x"} <= classes or "title" in classes:
                for text in element.iter():
                    if _name(text) == "text":
                        text.set("text-anchor", "middle")
            elif _name(element) == "g" and {"axis", "y"} <= classes:
                for text in element.iter():
                    if _name(text) == "text":
                        text.set("text-anchor", "end")
        return root
    return apply


def _colours(partner_count: int) -> tuple[str, ...]:
    partners = tuple(PARTNER_COLOURS[i % len(PARTNER_COLOURS)] for i in range(partner_count))
    return (TEAM_COLOUR, *partners, THRESHOLD_COLOUR)


def _style(colours: tuple[str, ...]) -> Style:
    return Style(background="#ffffff", plot_background="#ffffff", foreground="#1a1a1a",
                 foreground_strong="#000000", foreground_subtle="#8c8c8c", opacity=".9",
                 font_family=FONT, label_font_size=13, major_label_font_size=13,
                 legend_font_size=14, title_font_size=16, value_font_size=13, colors=colours)


def trend_svg(trend: Trend, threshold: int, day_format) -> str:
    """The team score and each partner's score per closed review; ``day_format`` writes a date."""
    colours = _colours(len(trend.organisations))
    chart = pygal.Line(
        style=_style(colours), js=[], disable_xml_declaration=True, explicit_size=True,
        width=860, height=420, range=(0, 10), y_labels=list(range(0, 11)), include_x_axis=True,
        legend_at_bottom=True, legend_at_bottom_columns=2, truncate_legend=-1, truncate_label=-1,
        x_label_rotation=20 if len(trend.rows) > 6 else 0, dots_size=4, allow_interruptions=False,
        title=_("Safety scores over time"), y_title=_("Score (0 to 10)"),
        no_data_text=_("No safety score set yet"))
    chart.add_xml_filter(_without_interaction)
    chart.add_xml_filter(_as_attributes(colours))
    chart.x_labels = [day_format(row.review.held_on) for row in trend.rows]
    chart.add(_("Team score"), [row.review.team_score for row in trend.rows], stroke_style=TEAM_STROKE)
    for organisation in trend.organisations:
        chart.add(organisation.name, [row.scores.get(organisation.id) for row in trend.rows])
    if trend.rows:
        chart.add(_("Threshold (%(score)d)", score=threshold), [threshold] * len(trend.rows),
                  show_dots=False, stroke_style=THRESHOLD_STROKE)
    return chart.render(is_unicode=True)
