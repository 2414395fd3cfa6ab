"""One backup archive of the whole platform (PLAT-6, issue #11): the database and every file
under MEDIA_ROOT (case attachments, uploaded rosters, error reports, exports), with a
manifest of sizes and SHA-256 checksums.

The archive is a plain tar (the database dump and the .xlsx files are compressed already):

    manifest.json         format, version, when, the database vendor, the migrations applied,
                          and for the database and each file its path, size and checksum
    database.sqlite3      (or database.pgdump: pg_dump -Fc)
    files/<path>          each file under MEDIA_ROOT

Restore reads the whole archive into a folder beside MEDIA_ROOT and checks it first: a file
that is not a tar, has no manifest, names a path outside its folder, comes from another kind
of database or a newer version of the platform, or whose checksums differ is refused with a
Chinese error (`BackupInvalid`) before the database or a file is touched. Then the database is
restored and the checked files replace MEDIA_ROOT's in one rename.
"""

import datetime
import hashlib
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from .backup import backup_database, restore_database
from .errors import ApplicationError

FORMAT = "gonghui-backup"
VERSION = 1
DB_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20


class BackupInvalid(ApplicationError):
    """The file is not a backup this platform can restore; nothing was touched."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _entry(path: Path, name: str) -> dict[str, Any]:
    return {"path": name, "size": path.stat().st_size, "sha256": _sha256(path)}


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationLoader(connection).applied_migrations)


def create_backup(target: Path) -> dict[str, Any]:
    """Write the archive to `target` (through a temporary file: a failed backup leaves none);
    returns its manifest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        db_name = DB_NAMES.get(connection.vendor)
        if db_name is None:
            raise BackupInvalid(f"不支持备份此种数据库：{connection.vendor}")
        db_path = backup_database(Path(work) / db_name)
        files = [(path, name, _entry(path, name)) for path, name in _media_files(media)]
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": connection.vendor, **_entry(db_path, db_name)},
            "migrations": _applied_migrations(),
            "files": [entry for _path, _name, entry in files],
        }
        manifest_path = Path(work) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(manifest_path, "manifest.json")
            tar.add(db_path, db_name)
            for path, name, _ in files:
                tar.add(path, f"files/{name}")
        partial.replace(target)
    return manifest


def _safe_name(name: str) -> str:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupInvalid(f"备份中有不安全的路径：{name}，已拒绝恢复。")
    return pure.as_posix()


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        raw = tar.extractfile("manifest.json")
    except KeyError:
        raw = None
    if raw is None:
        raise BackupInvalid("不是本平台的备份文件（缺少清单 manifest.json）。")
    try:
        manifest = json.loads(raw.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupInvalid("备份文件的清单已损坏，无法读取。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupInvalid("不是本平台的备份文件（清单格式不符）。")
    if manifest.get("version") != VERSION:
        raise BackupInvalid(
            f"备份格式版本 {manifest.get('version')} 不受支持（当前为 {VERSION}）。"
        )
    return manifest


def _check_database(manifest: dict[str, Any]) -> dict[str, Any]:
    database = manifest.get("database") or {}
    vendor = database.get("vendor")
    if vendor != connection.vendor:
        raise BackupInvalid(
            f"此备份来自 {vendor} 数据库，当前数据库是 {connection.vendor}，不能直接恢复。"
        )
    known = {(app, name) for app, name in MigrationLoader(connection).disk_migrations}
    newer = [
        f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known
    ]
    if newer:
        raise BackupInvalid(
            f"此备份来自较新版本的平台（含本版本没有的迁移 {', '.join(newer[:3])}），请先升级平台。"
        )
    return database


def _extract_checked(tar: tarfile.TarFile, manifest: dict[str, Any], into: Path) -> None:
    """Extract every member the manifest lists into `into`, checking each checksum."""
    expected = {manifest["database"]["path"]: manifest["database"]}
    expected |= {f"files/{_safe_name(f['path'])}": f for f in manifest.get("files", [])}
    for member in tar.getmembers():
        name = _safe_name(member.name)
        if name == "manifest.json":
            continue
        if not member.isfile() or name not in expected:
            raise BackupInvalid(f"备份中有清单之外的内容：{name}，已拒绝恢复。")
        out = into / name
        out.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as src, out.open("wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
    for name, entry in expected.items():
        path = into / name
        if not path.exists():
            raise BackupInvalid(f"备份不完整：缺少 {name}。")
        if path.stat().st_size != entry.get("size") or _sha256(path) != entry.get("sha256"):
            raise BackupInvalid(f"备份文件已损坏：{name} 的校验不符，已拒绝恢复。")


def restore_backup(source: Path) -> dict[str, Any]:
    """Check the archive whole, then restore the database and MEDIA_ROOT from it."""
    if not source.is_file():
        raise BackupInvalid(f"备份文件不存在：{source}")
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media.parent, prefix=".restore-") as work:
        staged = Path(work)
        try:
            with tarfile.open(source, "r:") as tar:
                for member in tar.getmembers():  # a hostile path is refused first
                    _safe_name(member.name)
                manifest = _read_manifest(tar)
                database = _check_database(manifest)
                _extract_checked(tar, manifest, staged)
        except (tarfile.TarError, EOFError, OSError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            raise BackupInvalid("不是本平台的备份文件，或文件已损坏（无法按归档读取）。") from exc
        restore_database(staged / _safe_name(database["path"]))
        _swap_media(staged / "files", media, staged)
    return manifest


def _swap_media(restored: Path, media: Path, work: Path) -> None:
    """Put the restored files in MEDIA_ROOT's place (the old folder goes with `work`)."""
    restored.mkdir(exist_ok=True)
    if media.exists():
        media.replace(work / "replaced")
    restored.replace(media)
