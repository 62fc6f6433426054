"""Translatable names of the risk-assessment instruments."""
from flask_babel import lazy_gettext as _l

RISK_INSTRUMENT = {
    "rihg": _l("RiHG (police: risk assessment domestic violence)"),
    "b_safer": _l("B-SAFER (probation)"),
    "arij": _l("ARIJ (child safety)"),
    "care_nl": _l("CARE-NL (child safety)"),
    "lirik": _l("LIRIK (checklist child safety)"),
    "other": _l("Other instrument"),
}
