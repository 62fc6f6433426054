"""Safety-score review and risk assessment pages."""
from flask import Blueprint

bp = Blueprint("reviews", __name__, url_prefix="/dossiers")
