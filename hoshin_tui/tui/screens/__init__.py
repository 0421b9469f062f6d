"""Full screens: the session picker, the guided flow of one session, and the key help."""
