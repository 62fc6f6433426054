"""Tasks for partner organisations, with due dates in working days."""
