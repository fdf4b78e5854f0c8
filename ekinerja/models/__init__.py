"""SQLModel tables. Importing this package registers every table on ``SQLModel.metadata``."""

from ekinerja.models.audit import AuditEntry
from ekinerja.models.auth import AuthSession, LoginThrottle
from ekinerja.models.announcement import Announcement
from ekinerja.models.org import (
    Employee,
    EmployeeRole,
    OrgRevision,
    OrgUnit,
    Position,
    PositionAssignment,
)

__all__ = [
    "Announcement",
    "AuditEntry",
    "AuthSession",
    "Employee",
    "EmployeeRole",
    "LoginThrottle",
    "OrgRevision",
    "OrgUnit",
    "Position",
    "PositionAssignment",
]
