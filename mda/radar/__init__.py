"""The radar: one family, one dossier. Persons are matched across the region's dossiers and
applications, and whoever registers or applies for a family learns that it is known — where,
only if they may see it; otherwise only that the Zorg- en Veiligheidshuis knows it, and whom to ask."""
