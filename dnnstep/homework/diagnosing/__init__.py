"""Diagnosing why a result differs: the known student mistakes and the hints that name them."""
