"""Break the glass: emergency access to a dossier not shared with your organisation."""
