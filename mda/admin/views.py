"""Administration pages for the region's administrator."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/beheer")
