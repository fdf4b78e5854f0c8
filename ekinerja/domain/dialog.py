"""Dialog kinerja and umpan balik berkelanjutan, pure rules.

PermenPAN-RB 6/2022, the pemantauan and pembinaan kinerja stage (its Lampiran, on umpan balik
berkelanjutan and dialog kinerja; the article number is not in /work/shared/reference): the atasan
gives continuous feedback and holds dialog kinerja with the employee over the period; the employee
may raise a topic too. A thread is a
topic of one employee's year, optionally about one RHK, one month or one kegiatan harian; a meeting
record says when the dialog was held, what was discussed, what was agreed and when to follow up.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from ekinerja.domain.berakhlak import BY_CODE
from ekinerja.domain.development import period_end
from ekinerja.domain.statuses import DialogStatus
from ekinerja.domain.validation import Errors, read_date, read_text, to_int, validated

MAX_TITLE = 150
MAX_BODY = 4000
MAX_MEETING_TEXT = 4000
# Topics are chosen from a list: "" (umum), "rhk:<id>", "bulan:<1-12>", "kegiatan:<id>", "nilai:<code>".
TOPIC_KINDS = ("rhk", "bulan", "kegiatan", "nilai")
CLOSED_THREAD = "Percakapan ini sudah ditandai selesai; buka kembali untuk membalas."


def closed(status: str) -> bool:
    """A thread marked selesai takes no replies until either side opens it again."""
    return status == DialogStatus.SELESAI


@dataclass(frozen=True)
class Topic:
    """What a thread is about; ``kind`` is "" for a general topic."""

    kind: str = ""
    key: str = ""

    @property
    def ref(self) -> int | None:
        return to_int(self.key) if self.kind in ("rhk", "kegiatan", "bulan") else None


def parse_topic(raw: str) -> Topic | None:
    """The topic a form names, or None when it names none we know."""
    value = raw.strip()
    if not value:
        return Topic()
    kind, _, key = value.partition(":")
    if kind not in TOPIC_KINDS or not key:
        return None
    if kind == "nilai":
        return Topic(kind, key) if key in BY_CODE else None
    number = to_int(key)
    if number is None or (kind == "bulan" and not 1 <= number <= 12):
        return None
    return Topic(kind, str(number))


def _annual_review_end(year: int) -> date:
    """The annual review of a year's performance may be held in the January after it."""
    return date.max if year >= date.max.year else date(year + 1, 1, 31)


@dataclass(frozen=True)
class ThreadForm:
    title: str = ""
    topic: str = ""
    body: str = ""


@dataclass(frozen=True)
class ThreadData:
    title: str
    topic: Topic
    body: str


def validate_thread(form: ThreadForm) -> tuple[ThreadData | None, Errors]:
    """A new thread: its title, what it is about, and the opening message."""
    errors: Errors = {}
    title = read_text(errors, "title", form.title, label="Judul percakapan", max_len=MAX_TITLE, min_len=5)
    topic = parse_topic(form.topic)
    if topic is None:
        errors["topic"] = "Pilih hal yang dibahas dari daftar (umum, RHK, bulan, atau kegiatan)."
    body = read_body(errors, form.body)
    return validated(ThreadData(title, topic or Topic(), body), errors)


def read_body(errors: Errors, raw: str) -> str:
    return read_text(errors, "body", raw, label="Isi pesan", max_len=MAX_BODY, min_len=2, multiline=True)


@dataclass(frozen=True)
class MeetingForm:
    held_on: str = ""
    topics: str = ""
    agreements: str = ""
    follow_up_on: str = ""


@dataclass(frozen=True)
class MeetingData:
    held_on: date
    topics: str
    agreements: str
    follow_up_on: date | None


def validate_meeting(form: MeetingForm, *, year: int, today: date) -> tuple[MeetingData | None, Errors]:
    """A dialog meeting held in ``year`` (the period discussed), not in the future; its follow-up
    on or after the meeting and at most a year later."""
    errors: Errors = {}
    held_on = read_date(errors, "held_on", form.held_on, label="Tanggal dialog", required=True)
    if held_on is not None:
        if held_on > today:
            errors["held_on"] = "Tanggal dialog tidak boleh setelah hari ini: catat dialog yang sudah berlangsung."
        elif not date(year, 1, 1) <= held_on <= _annual_review_end(year):
            # The dialog on a year's performance is held within it or, for the annual review, in January after.
            errors["held_on"] = f"Tanggal dialog harus di tahun {year} (atau Januari {year + 1} untuk dialog akhir tahun)."
    topics = read_text(errors, "topics", form.topics, label="Hal yang dibahas", max_len=MAX_MEETING_TEXT, min_len=5, multiline=True)
    agreements = read_text(errors, "agreements", form.agreements, label="Kesepakatan", max_len=MAX_MEETING_TEXT, min_len=5, multiline=True)
    follow_up = read_date(errors, "follow_up_on", form.follow_up_on, label="Tanggal tindak lanjut", required=False)
    if follow_up is not None and held_on is not None and "held_on" not in errors:
        if follow_up < held_on:
            errors["follow_up_on"] = "Tanggal tindak lanjut tidak boleh sebelum tanggal dialog."
        elif follow_up > _one_year_after(held_on):
            errors["follow_up_on"] = "Tanggal tindak lanjut paling lambat satu tahun setelah dialog."
    return validated(MeetingData(held_on or today, topics, agreements, follow_up), errors)


def _one_year_after(day: date) -> date:
    year = day.year + 1
    if year > date.max.year:
        return date.max
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def period_bounds(kind: str, number: int, year: int) -> tuple[date, date]:
    """The days of an evaluation period; the dialog of an annual evaluation runs into January
    of the next year, when the annual review is held."""
    if kind not in ("bulanan", "triwulanan", "tahunan"):
        raise ValueError(f"Jenis periode penilaian {kind!r} tidak dikenal.")
    end = period_end(kind, number, year)
    if kind == "tahunan":
        return date(year, 1, 1), _annual_review_end(year)
    months = 1 if kind == "bulanan" else 3
    return date(year, end.month - months + 1, 1), end


def follow_up_due(follow_up_on: date | None, *, today: date, later_meeting: bool) -> bool:
    """A promised follow-up is due when its date has come and no meeting was held since."""
    return follow_up_on is not None and follow_up_on <= today and not later_meeting


def unread(last_message_id: int | None, read_up_to: int | None) -> bool:
    """Whether a thread has a message (by the other side) after what the reader has read."""
    return last_message_id is not None and last_message_id > (read_up_to or 0)
