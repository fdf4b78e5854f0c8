"""Tugas langsung atasan: a task given to one or more subordinates, reported as a daily activity."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from ekinerja.access import Actor, require
from ekinerja.clock import local_today
from ekinerja.domain.validation import Errors, ValidationFailed, read_date, read_text
from ekinerja.models import TaskAssignee, TaskAssignment
from ekinerja.services import audit
from ekinerja.services.activity_review import team_of


def assign_task(
    session: Session, *, actor: Actor, title: str, description: str, due_date: str, assignee_ids: Sequence[int]
) -> TaskAssignment:
    errors: Errors = {}
    cleaned_title = read_text(errors, "title", title, label="Judul tugas", max_len=200, min_len=3)
    cleaned_description = read_text(errors, "description", description, label="Uraian tugas", max_len=4000, required=False, multiline=True)
    due = read_date(errors, "due_date", due_date, label="Batas waktu", required=True)
    if due is not None and due < local_today():
        errors["due_date"] = "Batas waktu tidak boleh sebelum hari ini."
    chosen = sorted(set(assignee_ids))
    if not chosen:
        errors["assignees"] = "Pilih minimal satu bawahan."
    team = team_of(session, actor=actor)
    require(all(i in team for i in chosen), "Tugas hanya dapat diberikan kepada bawahan Anda.")
    if errors:
        raise ValidationFailed(errors)
    task = TaskAssignment(assigned_by_id=actor.employee_id, title=cleaned_title, description=cleaned_description, due_date=due)
    session.add(task)
    session.flush()
    session.add_all([TaskAssignee(task_id=task.id, employee_id=i) for i in chosen])
    session.flush()
    audit.write(
        session, actor=actor, action="create", entity="task_assignment", row=task,
        detail=f"untuk {len(chosen)} pegawai",
    )
    return task
