"""The roles an employee may be given beside their position: today only the BKD administrator
of their instansi. Everything else (atasan, Plt/Plh) follows the org tree, not a role."""

from __future__ import annotations

ROLE_ADMIN = "admin"
KNOWN_ROLES = (ROLE_ADMIN,)
