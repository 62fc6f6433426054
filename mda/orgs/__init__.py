"""Regions and the partner organisations that work in them."""
