"""How the engine drives a case conference and its minutes (``workflows.CONFERENCE_WORKFLOW``,
``workflows.MINUTES_WORKFLOW``): their guards judge the row's ``workflow_facts``, the access
policy's action of each step is asked on the conference's dossier."""
from mda.engine.core import Lifecycle, register

register(Lifecycle("conference"))
register(Lifecycle("minutes"))
