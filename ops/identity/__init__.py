"""Who is calling: API tokens, office accounts and sessions, sign-in cards."""
