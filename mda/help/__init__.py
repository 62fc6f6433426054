"""Help pages generated from the workflow specifications."""
