"""Loads every concern's lifecycle: how the engine drives its rows and what follows a step.

The engine (``mda.engine``) knows no concern; each registers itself here. Effects run in their
declared ``order`` (a relapse first asks the coordinator to revise the safety plan, then reviews of
another phase lapse, then the new phase's tasks are created).
"""
from mda.casework import lifecycle as case  # noqa: F401
from mda.tasks import lifecycle as tasks  # noqa: F401
from mda.dossiers import lifecycle as team  # noqa: F401
from mda.reviews import lifecycle as reviews  # noqa: F401
from mda.safetyplan import lifecycle as safety_plan  # noqa: F401
from mda.intake import lifecycle as applications  # noqa: F401
from mda.conferences import lifecycle as conferences  # noqa: F401
from mda.inbox import lifecycle as inbox  # noqa: F401
from mda.escalation import lifecycle as escalation  # noqa: F401
from mda.closing import lifecycle as closing  # noqa: F401
