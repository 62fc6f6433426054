"""How long a region keeps what it no longer works on (a regional setting; these are the defaults).

A closed or handed-over dossier is kept for the statutory period after it ended, longer under a
legal hold; a draft application after its last change, and a declined or withdrawn one after the
decision, for a shorter term. Access-log lines outlive both (the purge erases their free text only).
"""
RETENTION_YEARS = 20
APPLICATION_RETENTION_YEARS = 2
