"""Help pages: the workflow as a diagram generated from ``workflows/``."""
from flask import Blueprint

bp = Blueprint("help", __name__, url_prefix="/hulp")
