"""Fictional but realistic demo data for trying the app and for the tests."""
