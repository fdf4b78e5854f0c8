"""Page builders: UI only; data comes from the state classes."""
