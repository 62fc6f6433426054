"""Safety plan pages."""
from flask import Blueprint

bp = Blueprint("safetyplan", __name__, url_prefix="/dossiers")
