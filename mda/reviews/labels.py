"""Translatable names of the risk-assessment instruments, their answers and the risk levels (the
words come from ``workflows.instruments``), and of a restraining order's status."""
from mda.labels import named
from workflows import ORDER_STATUSES, RISK_INSTRUMENTS, RISK_LEVELS
from workflows.instruments import B_SAFER_RATINGS

RISK_INSTRUMENT = named({code: instrument.label for code, instrument in RISK_INSTRUMENTS.items()})
RISK_LEVEL = named(RISK_LEVELS)
ANSWER_LABELS = dict(B_SAFER_RATINGS)
ORDER_STATUS = named(ORDER_STATUSES)
