"""The monitor's figures as CSV, for the regional and national impact monitor.

Column layout (one header row, then for each indicator one row for the whole period followed by
one row per quarter; UTF-8 with a byte-order mark, separated by semicolons as
Dutch spreadsheets expect, like the access report's export):

====================  =========================================================================
``indicator``         the indicator's key (``mda.monitor.indicators``), stable across versions
``name``              its name in the page's language
``region``            the region's name
``organisation``      the team organisation the figures are limited to, or empty for all
``period_from``       first day of the period (ISO 8601)
``period_to``         last day of the period (ISO 8601)
``quarter``           ``period`` for the whole period, else the quarter (``2026-Q1``)
``from``              first day of the period or quarter counted
``to``                last day of the period or quarter counted
``figure``            the figure (``.`` as decimal mark), or the words "too few to report"
``unit``              ``%``, days, score (0-10), organisations or families
``families``          the number of families the figure rests on, or ``<10`` when too few
====================  =========================================================================

A figure resting on fewer than 10 families is never written (``figures.MINIMUM_FAMILIES``). A cell
that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a leading apostrophe (``mda.audit.report.safe_cell``).
"""
import csv
import io

from flask_babel import lazy_gettext as _l

from mda.audit.report import safe_cell
from mda.monitor.figures import MINIMUM_FAMILIES, Figure, Result
from mda.monitor.periods import Scope

COLUMNS = ("indicator", "name", "region", "organisation", "period_from", "period_to", "quarter", "from", "to",
           "figure", "unit", "families")
TOO_FEW = _l("too few to report")


def _figure_cells(figure: Figure) -> tuple[str, str]:
    if figure.suppressed:
        return str(TOO_FEW), f"<{MINIMUM_FAMILIES}"
    return ("" if figure.value is None else f"{figure.value:g}"), str(figure.families)


def as_csv(results: list[Result], scope: Scope, region_name: str, organisation_name: str, lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for result in results:
        indicator = result.indicator
        shared = (indicator.key, indicator.name.text(lang), region_name, organisation_name,
                  scope.start.isoformat(), scope.end.isoformat())
        rows = [("period", scope.start, scope.end, result.total)]
        rows += [(quarter.key, quarter.start, quarter.end, figure) for quarter, figure in result.quarters]
        for quarter, start, end, figure in rows:
            figure_cell, families_cell = _figure_cells(figure)
            writer.writerow([safe_cell(cell) for cell in (*shared, quarter, start.isoformat(), end.isoformat(),
                                                     figure_cell, indicator.unit.text(lang), families_cell)])
    return "\ufeff" + out.getvalue()
