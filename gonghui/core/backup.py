"""Backup and restore of the database (PLAT-6): the database half of core.archive.

SQLite: the online backup API (consistent while the server runs).
PostgreSQL: pg_dump in custom format and pg_restore --clean, reading the connection
from Django's settings so the same DATABASE_URL is used.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


def _pg_env(settings_dict: dict) -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def backup_database(target: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        dest.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env(connection.settings_dict)
        subprocess.run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "-f",
                str(target),
                *args,
                connection.settings_dict["NAME"],
            ],
            env=env,
            check=True,
        )
    else:
        raise RuntimeError(f"不支持的数据库：{connection.vendor}")
    return target


def restore_database(source: Path, alias: str = "default") -> None:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as src:
            src.backup(connection.connection)
        src.close()
    elif connection.vendor == "postgresql":
        connection.close()
        env, args = _pg_env(connection.settings_dict)
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                connection.settings_dict["NAME"],
                *args,
                str(source),
            ],
            env=env,
            check=True,
        )
    else:
        raise RuntimeError(f"不支持的数据库：{connection.vendor}")
