"""Applications for MDA++ (*aanmelding*) and the triage meeting that decides on them."""
