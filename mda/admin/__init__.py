"""Administration of the region: its own closed days."""
