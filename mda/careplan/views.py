"""Care plan and trauma screening pages."""
from flask import Blueprint

bp = Blueprint("careplan", __name__, url_prefix="/dossiers")
