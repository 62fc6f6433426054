"""Closing that holds: the handover of *zicht op veiligheid* (a monitoring agreement the named
organisation accepts) and the new reports on a closed dossier, on which the holder and the last
coordinator decide to reopen the case or not."""
