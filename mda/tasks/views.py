"""The task list of an organisation (/taken) and the steps on a task."""
from flask import Blueprint

bp = Blueprint("tasks", __name__, url_prefix="/taken")
