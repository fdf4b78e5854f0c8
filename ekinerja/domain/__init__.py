"""Pure domain rules: no Reflex, no database. Unit-tested directly."""
