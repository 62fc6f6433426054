"""Safety-score reviews (*veiligheidsscore*) and risk assessments."""
