"""The in-app inbox and the notifications that fill it (and, by each user's choice, their e-mail)."""
