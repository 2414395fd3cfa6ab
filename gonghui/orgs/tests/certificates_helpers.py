"""Shared makings of the certificate tests: a valid union USCC, an upload, a request."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.ids import uscc_with_check
from gonghui.demo.numbers import subject_id
from gonghui.orgs import services_certificates

PDF = b"%PDF-1.7\n" + b"x" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_seq = itertools.count(500)


def union_uscc() -> str:
    return uscc_with_check("81440113" + subject_id(next(_seq), "TC"))


def pdf(name: str = "申请表.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit_new(world, actor=None, org=None, **extra):
    return services_certificates.certificate_request_submit(
        actor=actor or world.chair_a,
        organization=org or world.union_a,
        kind="new",
        representative=extra.pop("representative", "张三"),
        address=extra.pop("address", "市桥街道富华西路1号"),
        documents=extra.pop("documents", [("application", pdf())]),
        **extra,
    )


def issue(world, req, actor=None, **extra):
    import datetime

    from gonghui.core.clock import today

    return services_certificates.certificate_request_issue(
        actor=actor or world.town_a_user,
        certificate_request=req,
        version=req.version,
        number=extra.pop("number", f"工法证字第{next(_seq)}号"),
        uscc=extra.pop("uscc", None) or union_uscc(),
        issued_on=extra.pop("issued_on", today()),
        valid_until=extra.pop("valid_until", today() + datetime.timedelta(days=5 * 365)),
    )
