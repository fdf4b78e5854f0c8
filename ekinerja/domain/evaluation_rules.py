"""What a penilaian's status allows (PermenPAN-RB No. 6 Tahun 2022: the pejabat penilai rates
the RHK and perilaku kerja and sets the predikat; PP 30/2019 Pasal 59: the employee may object to
the result once it is final).

A draft is open to the atasan: rating, asking rekan/bawahan for input, finalising. A final one has
its predikat, is read by the employee and the reports, and opens keberatan and the development plan.
"""

from __future__ import annotations

from ekinerja.domain.statuses import EvaluationStatus


def may_rate(status: str) -> bool:
    """The atasan rates, asks for peer input and finalises only while the penilaian is a draft."""
    return status == EvaluationStatus.DRAFT


def is_final(status: str) -> bool:
    """The result stands: its predikat exists and everything that follows the result may start."""
    return status == EvaluationStatus.FINAL
