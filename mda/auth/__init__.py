"""Users, passwords and the login session."""
