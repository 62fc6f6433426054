"""Case conferences (*casusoverleg*): planning, invitations, attendance and minutes."""
