"""The certificate lists' exports (core.exports): certificates, unions without a valid one,
requests (ORG-4)."""

from gonghui.core.clock import today
from gonghui.core.exports import Column, ListExport

from .forms_certificates import CertificateFilterForm, RequestFilterForm, WithoutFilterForm
from .queries_certificates import (
    VIEW,
    certificate_list,
    certificate_requests,
    unions_without_certificate,
)


def _state(c) -> str:
    if c.state == "valid" and c.valid_until < today():
        return "已过期"
    return c.get_state_display()


CERTIFICATES = ListExport(
    name="orgs.certificates",
    label="工会法人资格证书",
    permission=VIEW,
    filter_form=CertificateFilterForm,
    rows=lambda user, filters: certificate_list(user=user, filters=filters),
    columns=(
        Column("证书编号", lambda c: c.number, text=True),
        Column("工会", lambda c: c.organization.name),
        Column("所属镇街", lambda c: c.organization.town.name if c.organization.town else ""),
        Column("统一社会信用代码", lambda c: c.uscc, text=True),
        Column("法定代表人", lambda c: c.representative),
        Column("住所", lambda c: c.address),
        Column("发证日期", lambda c: c.issued_on),
        Column("有效期至", lambda c: c.valid_until),
        Column("状态", _state),
    ),
    list_url="orgs:certificate_list",
)

WITHOUT = ListExport(
    name="orgs.certificates_without",
    label="未取得有效法人资格证书的工会",
    permission=VIEW,
    filter_form=WithoutFilterForm,
    rows=lambda user, filters: unions_without_certificate(user=user, filters=filters),
    columns=(
        Column("工会", lambda o: o.name),
        Column("所属镇街", lambda o: o.town.name if o.town else ""),
        Column("工会主席", lambda o: o.chair_name),
        Column("成立日期", lambda o: o.established_on),
    ),
    list_url="orgs:certificate_without",
)

REQUESTS = ListExport(
    name="orgs.certificate_requests",
    label="法人资格证书办证申请",
    permission=VIEW,
    filter_form=RequestFilterForm,
    rows=lambda user, filters: certificate_requests(user=user, filters=filters),
    columns=(
        Column("提交日期", lambda r: r.submitted_on),
        Column("工会", lambda r: r.organization.name),
        Column("所属镇街", lambda r: r.organization.town.name if r.organization.town else ""),
        Column("办理事项", lambda r: r.get_kind_display()),
        Column("状态", lambda r: r.get_state_display()),
        Column("法定代表人", lambda r: r.representative),
        Column("住所", lambda r: r.address),
        Column("审核意见", lambda r: r.check_note),
        Column("办结日期", lambda r: r.decided_on),
    ),
    list_url="orgs:certificate_request_list",
)

EXPORTS = (CERTIFICATES, WITHOUT, REQUESTS)
