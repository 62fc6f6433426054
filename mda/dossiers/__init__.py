"""Family dossiers: persons, signals, the multidisciplinary team and notes."""
