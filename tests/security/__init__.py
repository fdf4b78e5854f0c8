"""Protocol-level attacks on the running app: a hostile client speaking Reflex's Socket.IO event protocol."""
