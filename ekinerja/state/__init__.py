"""Reflex state classes: thin, they resolve the actor and call services."""
