"""The care plan (*zorgplan*) and trauma screenings: goals per person, interventions, evaluation."""
