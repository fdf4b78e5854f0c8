"""Reusable UI pieces built in Python."""
