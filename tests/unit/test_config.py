"""Environment variables become settings; bad values stop the start with a message naming them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekinerja.config import PROJECT_ROOT, ConfigError, main, mask_url, read_settings


def problems(environ: dict[str, str]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        read_settings(environ)
    return caught.value.problems


def test_defaults_are_sqlite_in_the_project_data_dir_with_one_worker():
    settings = read_settings({})
    assert settings.database_url == f"sqlite:///{PROJECT_ROOT / 'data' / 'ekinerja.db'}"
    assert settings.is_sqlite
    assert settings.redis_url is None
    assert settings.workers == 1
    assert settings.allowed_origins == ("*",)
    assert settings.evidence_dir == PROJECT_ROOT / "data" / "evidence"
    assert (settings.session_idle_minutes, settings.page_size, settings.timezone) == (30, 25, "Asia/Jakarta")


def test_production_values_are_read(tmp_path: Path):
    settings = read_settings(
        {
            "EKINERJA_DATABASE_URL": "postgresql+psycopg://ekinerja:rahasia@db:5432/ekinerja",
            "EKINERJA_REDIS_URL": "redis://cache:6379/0",
            "EKINERJA_WORKERS": "4",
            "EKINERJA_ALLOWED_ORIGINS": "https://kinerja.example.go.id, https://kinerja2.example.go.id/",
            "EKINERJA_DATA_DIR": str(tmp_path),
            "EKINERJA_EVIDENCE_DIR": str(tmp_path / "bukti"),
            "EKINERJA_SESSION_IDLE_MINUTES": "15",
            "EKINERJA_TIMEZONE": "Asia/Makassar",
        }
    )
    assert not settings.is_sqlite
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.workers == 4
    assert settings.allowed_origins == ("https://kinerja.example.go.id", "https://kinerja2.example.go.id")
    assert settings.evidence_dir == tmp_path / "bukti"
    assert settings.database_url.endswith("@db:5432/ekinerja")
    assert (settings.session_idle_minutes, settings.timezone) == (15, "Asia/Makassar")


def test_with_redis_the_default_worker_count_follows_reflex():
    assert 1 <= read_settings({"EKINERJA_REDIS_URL": "redis://127.0.0.1:6379"}).workers <= 8


def test_several_workers_without_redis_are_refused():
    (problem,) = problems({"EKINERJA_WORKERS": "2"})
    assert "EKINERJA_WORKERS=2 needs EKINERJA_REDIS_URL" in problem


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("EKINERJA_WORKERS", "dua", "EKINERJA_WORKERS must be a whole number, got 'dua'"),
        ("EKINERJA_WORKERS", "0", "EKINERJA_WORKERS must be between 1 and 64, got 0"),
        ("EKINERJA_SESSION_IDLE_MINUTES", "-5", "EKINERJA_SESSION_IDLE_MINUTES must be between 1 and 1440, got -5"),
        ("EKINERJA_BCRYPT_ROUNDS", "3", "EKINERJA_BCRYPT_ROUNDS must be between 4 and 31, got 3"),
        ("EKINERJA_EVIDENCE_MAX_KB", "0", "EKINERJA_EVIDENCE_MAX_KB must be at least 1, got 0"),
        ("EKINERJA_TIMEZONE", "Asia/Bandung", "EKINERJA_TIMEZONE must be an IANA time zone"),
        ("EKINERJA_DATABASE_URL", "ekinerja.db", "EKINERJA_DATABASE_URL must be a URL starting with one of sqlite://"),
        ("EKINERJA_DATABASE_URL", "mysql://root@db/ekinerja", "EKINERJA_DATABASE_URL must be a URL"),
        ("EKINERJA_REDIS_URL", "cache:6379", "EKINERJA_REDIS_URL must be a URL starting with one of redis://"),
        ("EKINERJA_ALLOWED_ORIGINS", "kinerja.example.go.id", "EKINERJA_ALLOWED_ORIGINS must be '*' or"),
        ("EKINERJA_ALLOWED_ORIGINS", "https://kinerja.example.go.id/app", "EKINERJA_ALLOWED_ORIGINS must be '*' or"),
    ],
)
def test_a_bad_value_is_named_in_the_error(name, value, expected):
    (problem,) = problems({name: value})
    assert problem.startswith(expected)


def test_every_bad_variable_is_reported_at_once():
    assert len(problems({"EKINERJA_PAGE_SIZE": "x", "EKINERJA_LOGIN_DELAY_MAX_SECONDS": "0", "EKINERJA_TIMEZONE": "Mars"})) == 3


def test_a_data_dir_that_is_a_file_is_refused(tmp_path: Path):
    file = tmp_path / "data"
    file.write_text("")
    (problem,) = problems({"EKINERJA_DATA_DIR": str(file)})
    assert problem == f"EKINERJA_DATA_DIR must name a directory, but {file} is a file"


def test_passwords_never_appear_in_messages():
    assert mask_url("postgresql+psycopg://ekinerja:rahasia@db/ekinerja") == "postgresql+psycopg://ekinerja:***@db/ekinerja"
    assert mask_url("redis://cache:6379") == "redis://cache:6379"
    (problem,) = problems({"EKINERJA_REDIS_URL": "http://user:rahasia@cache"})
    assert "rahasia" not in problem


def test_the_check_command_prints_settings_or_problems(monkeypatch, capsys):
    monkeypatch.setenv("EKINERJA_DATABASE_URL", "postgresql+psycopg://ekinerja:rahasia@db/ekinerja")
    monkeypatch.setenv("EKINERJA_REDIS_URL", "redis://cache:6379")
    monkeypatch.setenv("EKINERJA_WORKERS", "3")
    assert main(["--workers"]) == 0
    assert capsys.readouterr().out == "3\n"
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "database: postgresql+psycopg://ekinerja:***@db/ekinerja" in out and "rahasia" not in out
    monkeypatch.delenv("EKINERJA_REDIS_URL")
    assert main([]) == 1
    assert "EKINERJA_WORKERS=3 needs EKINERJA_REDIS_URL" in capsys.readouterr().err
