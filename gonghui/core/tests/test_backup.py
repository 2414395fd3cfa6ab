"""Backup and restore (PLAT-6, issue #11): one archive of the database and the files under
MEDIA_ROOT with a manifest of checksums; restore checks it before touching anything."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gonghui.orgs.models import Employer, Organization

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> dict[str, str]:
    """A checksum of every table's rows (every model of the project's apps)."""
    sums = {}
    for model in apps.get_models():
        if not model.__module__.startswith("gonghui."):
            continue
        rows = model.objects.order_by("pk").values_list()
        sums[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return sums


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "files"
    (root / "rights" / "attachments").mkdir(parents=True)
    (root / "rights" / "attachments" / "证据.jpg").write_bytes(b"\xff\xd8photo")
    (root / "imports").mkdir()
    (root / "imports" / "花名册.xlsx").write_bytes(b"PK\x03\x04roster")
    settings.MEDIA_ROOT = root
    return root


def test_the_drill_backup_change_restore_gives_back_tables_and_files(world, media, tmp_path):
    # given a backup of the database and the files
    tables, files = _tables(), _files(media)
    archive = tmp_path / "gonghui.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "files/rights/attachments/证据.jpg" in names and "files/imports/花名册.xlsx" in names
    assert (
        manifest["format"] == "gonghui-backup"
        and manifest["database"]["vendor"] == connection.vendor
    )
    assert {f["path"] for f in manifest["files"]} == set(files)
    # when rows and files change after it
    Employer.objects.filter(pk=world.employer_a.pk).update(name="改过的名称")
    Organization.objects.filter(pk=world.union_b.pk).delete()
    (media / "imports" / "花名册.xlsx").write_bytes(b"changed")
    (media / "rights" / "attachments" / "证据.jpg").unlink()
    (media / "later.txt").write_text("after the backup")
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    connection.close()
    # then every table and every file is as it was at backup time
    assert _tables() == tables
    assert _files(media) == files


def _corrupt(archive: Path, member: str) -> Path:
    """A copy of the archive whose `member` has one byte changed (its size kept)."""
    broken = archive.with_name("broken.tar")
    with tarfile.open(archive) as src, tarfile.open(broken, "w") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read() if info.isfile() else None
            if info.name == member:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            dst.addfile(info, io.BytesIO(data) if data is not None else None)
    return broken


@pytest.mark.parametrize("member", ["files/imports/花名册.xlsx", "database"])
def test_a_corrupt_archive_is_refused_before_anything_is_touched(world, media, tmp_path, member):
    archive = tmp_path / "gonghui.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    if member == "database":
        with tarfile.open(archive) as tar:
            member = next(n for n in tar.getnames() if n.startswith("database."))
    broken = _corrupt(archive, member)
    Employer.objects.filter(pk=world.employer_a.pk).update(name="备份之后改的")
    (media / "later.txt").write_text("after the backup")
    tables, files = _tables(), _files(media)
    with pytest.raises(CommandError, match="校验不符"):
        call_command("restore", str(broken), "--yes")
    assert _tables() == tables and _files(media) == files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a backup at all", "不是本平台的备份文件"),
        (b"", "不是本平台的备份文件"),
    ],
)
def test_a_foreign_file_is_refused_in_chinese(world, tmp_path, content, message):
    path = tmp_path / "x.tar"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--yes")


def test_a_tar_without_manifest_or_with_unsafe_paths_is_refused(world, tmp_path):
    plain = tmp_path / "plain.tar"
    with tarfile.open(plain, "w") as tar:
        tar.addfile(tarfile.TarInfo("readme.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="缺少清单"):
        call_command("restore", str(plain), "--yes")
    evil = tmp_path / "evil.tar"
    manifest = json.dumps({"format": "gonghui-backup", "version": 1}).encode()
    with tarfile.open(evil, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        outside = tarfile.TarInfo("files/../../etc/passwd")
        tar.addfile(outside, io.BytesIO(b""))
    with pytest.raises(CommandError, match="不安全的路径"):
        call_command("restore", str(evil), "--yes")


def test_a_backup_of_the_other_database_is_refused(world, media, tmp_path):
    archive = tmp_path / "gonghui.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    other = tmp_path / "other.tar"
    with tarfile.open(archive) as src, tarfile.open(other, "w") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                manifest["database"]["vendor"] = "oracle"
                data = json.dumps(manifest).encode()
                info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="oracle"):
        call_command("restore", str(other), "--yes")


def test_restore_refuses_without_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x"))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="备份文件不存在"):
        call_command("restore", str(tmp_path / "nothing.tar"), "--yes")
