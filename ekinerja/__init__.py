"""ekinerja: performance management for Indonesian civil servants (PermenPAN-RB 6/2022)."""
