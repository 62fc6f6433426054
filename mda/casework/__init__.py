"""Moving a case through the phases: steps, Veilig Thuis's assessment, the safety holder, and the
timeline that shows the whole history (the radar function)."""
