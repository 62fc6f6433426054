"""The access log: every read, change, search and export of a dossier leaves one entry."""
