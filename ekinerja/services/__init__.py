"""Queries and transactions. Functions take the db session as a keyword argument."""
