"""The floor of benchmark 1: the same insert-and-read as a Kegiatan Harian save, through a bare Starlette websocket.

One websocket per simulated employee (like the Socket.IO connection of a browser tab).
Each message ``{"employee_id", "activity_date", "start", "end", "task"}`` inserts one
daily_activity row and answers with the employee's month total, in one transaction on the
same database and engine settings as the app (``ekinerja.db.make_engine``). No session
lookup, no validation, no state: what is left of the work when the framework and the
application rules are taken away.

    EKINERJA_DATABASE_URL=... granian --interface asgi --workers 2 --port 8710 bench.floor:app
"""

from __future__ import annotations

import calendar
import json
from datetime import date, time

from sqlalchemy import func, insert, select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from ekinerja.clock import utcnow
from ekinerja.db import get_engine
from ekinerja.models import DailyActivity

ACTIVITY = DailyActivity.__table__


def insert_and_total(message: dict) -> int:
    day = date.fromisoformat(message["activity_date"])
    start, end = time.fromisoformat(message["start"]), time.fromisoformat(message["end"])
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    first, last = day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    now = utcnow()
    with get_engine().begin() as conn:
        conn.execute(insert(ACTIVITY).values(
            employee_id=int(message["employee_id"]), activity_date=day, start_time=start, end_time=end,
            task_text=message["task"], quantity=1, description="", effective_minutes=minutes, status="diajukan",
            decision_reason="", created_at=now, updated_at=now,
        ))
        return conn.execute(
            select(func.coalesce(func.sum(ACTIVITY.c.effective_minutes), 0)).where(
                ACTIVITY.c.employee_id == int(message["employee_id"]), ACTIVITY.c.status != "ditolak",
                ACTIVITY.c.activity_date >= first, ACTIVITY.c.activity_date <= last,
            )
        ).scalar_one()


async def submit(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            message = json.loads(await websocket.receive_text())
            total = await run_in_threadpool(insert_and_total, message)
            await websocket.send_text(json.dumps({"month_minutes": int(total)}))
    except WebSocketDisconnect:
        return


async def ping(_request) -> PlainTextResponse:
    return PlainTextResponse("pong")


app = Starlette(routes=[Route("/ping", ping), WebSocketRoute("/ws", submit)])
