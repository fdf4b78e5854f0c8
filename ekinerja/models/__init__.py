"""SQLModel tables. Importing this package registers every table on ``SQLModel.metadata``."""

from ekinerja.models.activity import (
    ActivityCatalogItem,
    DailyActivity,
    Delegation,
    DutyDay,
    Feedback,
    Holiday,
    TaskAssignee,
    TaskAssignment,
    WorkSettings,
)
from ekinerja.models.announcement import Announcement
from ekinerja.models.audit import AuditEntry
from ekinerja.models.auth import AuthSession, LoginThrottle
from ekinerja.models.evidence import EvidenceFile
from ekinerja.models.org import (
    Employee,
    EmployeeRole,
    OrgRevision,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.models.skp import (
    Indikator,
    PerilakuExpectation,
    Realisasi,
    RencanaAksi,
    Rhk,
    Skp,
)

__all__ = [
    "ActivityCatalogItem",
    "DailyActivity",
    "Delegation",
    "DutyDay",
    "Feedback",
    "Holiday",
    "TaskAssignee",
    "TaskAssignment",
    "WorkSettings",
    "Announcement",
    "AuditEntry",
    "AuthSession",
    "Employee",
    "EmployeeRole",
    "EvidenceFile",
    "Indikator",
    "LoginThrottle",
    "OrgRevision",
    "OrgUnit",
    "Position",
    "PerilakuExpectation",
    "PositionAssignment",
    "Realisasi",
    "RencanaAksi",
    "Rhk",
    "Skp",
]
