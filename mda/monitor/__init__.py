"""The impact monitor: the approach's outcome and process indicators per region and period,
computed from the work itself with SQL aggregates (``indicators``), shown to the steering group and
the region's administrator (``views``) and exported as CSV (``export``)."""
