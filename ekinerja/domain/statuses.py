"""The workflow statuses, one enum per workflow.

Each is a ``StrEnum``: a member is the very string stored in the database and sent to the UI
(``ActivityStatus.DISETUJUI == "disetujui"``), so rows, forms and JSON keep their values. The
models build their ``status IN (...)`` check constraints from these enums (``models.base.check_in``),
so a status cannot exist here and be refused by the database, or the other way round. The order of
the members is the order of the constraint text the migrations created: keep it, or add a migration.

Which actions a status allows is said by the workflow's rules module (``skp_rules``,
``activity_rules``, ``keberatan``, ...), never by comparing strings in the state or pages.
"""

from __future__ import annotations

from enum import StrEnum


class ReviewStatus(StrEnum):
    """A submission decided once by someone else: a daily activity (by the atasan) or an absence (by the admin)."""

    DIAJUKAN = "diajukan"
    DISETUJUI = "disetujui"
    DITOLAK = "ditolak"


# Kegiatan harian: diajukan -> disetujui | ditolak, exactly once.
ActivityStatus = ReviewStatus
# Cuti, sakit, izin, dinas luar: entered by the admin as disetujui, or diajukan and decided later.
AbsenceStatus = ReviewStatus


class SkpStatus(StrEnum):
    """draft -> diajukan -> disetujui; a newer approved revision marks the old one diganti."""

    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DISETUJUI = "disetujui"
    DIGANTI = "diganti"


class TaskStatus(StrEnum):
    """One subordinate's part of a tugas langsung atasan."""

    BARU = "baru"
    SELESAI = "selesai"


class EvaluationStatus(StrEnum):
    """A penilaian is a draft until the atasan finalises it; its predikat exists only when final."""

    DRAFT = "draft"
    FINAL = "final"


class SelfAssessmentStatus(StrEnum):
    """The employee's penilaian diri: a draft until sent to the atasan."""

    DRAFT = "draft"
    DIAJUKAN = "diajukan"


class KeberatanStatus(StrEnum):
    """An objection to a final predikat, decided once (PP 30/2019 Pasal 59)."""

    DIAJUKAN = "diajukan"
    DIKABULKAN = "dikabulkan"
    DITOLAK = "ditolak"


class DevelopmentStatus(StrEnum):
    """One item of a rencana pengembangan kompetensi."""

    DIRENCANAKAN = "direncanakan"
    BERJALAN = "berjalan"
    SELESAI = "selesai"
    DIBATALKAN = "dibatalkan"


class DialogStatus(StrEnum):
    """A dialog kinerja thread: open until either side marks it done."""

    TERBUKA = "terbuka"
    SELESAI = "selesai"
