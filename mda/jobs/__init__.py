"""Timed work (retention, and later reviews and stall detection), run by its own scheduler process."""
