"""Comparing the student's results with the reference: tolerances, return values, the cases each
graded function is called on, each function alone, the whole pipeline and its first divergence.
"""
