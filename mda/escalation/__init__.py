"""Escalation when a case stalls: the stall signals, the ladder from the team lead to the regional
steering group, and the pages of those who act on it."""
