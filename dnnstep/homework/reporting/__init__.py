"""Reporting: the records a check produces and their text and JSON forms."""
