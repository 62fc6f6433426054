"""How the engine drives an application (``workflows.APPLICATION_WORKFLOW``): its guards judge
``Application.workflow_facts``, the access policy's action of each step is asked on the application."""
from mda.engine.core import Lifecycle, register

register(Lifecycle("application"))
