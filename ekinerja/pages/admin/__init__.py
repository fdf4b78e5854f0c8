"""Admin (BKD) pages."""
