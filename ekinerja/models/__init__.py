"""SQLModel tables. Importing this package registers every table on ``SQLModel.metadata``."""

from ekinerja.models.activity import (
    ActivityCatalogItem,
    ActivityVersion,
    DailyActivity,
    Delegation,
    DutyDay,
    Holiday,
    TaskAssignee,
    TaskAssignment,
    WorkSettings,
)
from ekinerja.models.announcement import Announcement
from ekinerja.models.attendance import Absence, AttendanceRecord, WorkingHours
from ekinerja.models.audit import AuditEntry
from ekinerja.models.auth import AuthSession, LoginThrottle
from ekinerja.models.development import DevelopmentPlanItem
from ekinerja.models.dialog import DialogMeeting, DialogMessage, DialogRead, DialogThread
from ekinerja.models.evaluation import (
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationProposal,
    EvaluationRhkRating,
    EvaluationSettings,
    Keberatan,
    UnitEvaluationClosing,
    UnitPredikat,
)
from ekinerja.models.evidence import EvidenceFile
from ekinerja.models.org import (
    Employee,
    EmployeeRole,
    JenjangFungsional,
    OrgRevision,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.models.peer_input import PeerInputAnswer, PeerInputRequest
from ekinerja.models.self_assessment import SelfAssessment, SelfAssessmentRhk
from ekinerja.models.skp import (
    Indikator,
    PerilakuExpectation,
    Realisasi,
    RencanaAksi,
    Rhk,
    Skp,
)
from ekinerja.models.tpp import (
    TppBaseAmount,
    TppLockedResult,
    TppMonthLock,
    TppRulesetRow,
)

__all__ = [
    "Absence",
    "ActivityCatalogItem",
    "ActivityVersion",
    "Announcement",
    "AttendanceRecord",
    "AuditEntry",
    "AuthSession",
    "DailyActivity",
    "Delegation",
    "DevelopmentPlanItem",
    "DialogMeeting",
    "DialogMessage",
    "DialogRead",
    "DialogThread",
    "DutyDay",
    "Employee",
    "EmployeeRole",
    "Evaluation",
    "EvaluationPerilakuRating",
    "EvaluationProposal",
    "EvaluationRhkRating",
    "EvaluationSettings",
    "EvidenceFile",
    "Holiday",
    "Indikator",
    "JenjangFungsional",
    "Keberatan",
    "LoginThrottle",
    "OrgRevision",
    "OrgUnit",
    "PeerInputAnswer",
    "PeerInputRequest",
    "PerilakuExpectation",
    "Position",
    "PositionAssignment",
    "Realisasi",
    "RencanaAksi",
    "Rhk",
    "SelfAssessment",
    "SelfAssessmentRhk",
    "Skp",
    "TaskAssignee",
    "TaskAssignment",
    "TppBaseAmount",
    "TppLockedResult",
    "TppMonthLock",
    "TppRulesetRow",
    "UnitEvaluationClosing",
    "UnitPredikat",
    "WorkSettings",
    "WorkingHours",
]
