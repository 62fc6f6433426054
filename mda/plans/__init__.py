"""The records the workflow's guards read: assessments, safety plan, reviews, care plan, screenings."""
