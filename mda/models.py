"""Imports every model so that Alembic and the app see the whole schema."""
from mda.orgs.models import Organisation, Region  # noqa: F401
from mda.auth.models import User  # noqa: F401
from mda.dossiers.models import Dossier, Note, Person, Signal, TeamMembership  # noqa: F401
from mda.audit.models import AccessLogEntry  # noqa: F401
