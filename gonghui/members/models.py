from django.db import models

from gonghui.core.crypto import EncryptedTextField
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import WorkflowModel

from .choices import Education, MemberStatus, RetainedReason, Sex


class Member(ScopedModel, WorkflowModel):
    """One person, keyed by RIC, in one grassroots union at a time (MEM-1).

    RIC and phone are sensitive (domain-rules §12): stored encrypted (`ric`, `phone`), looked
    up and kept unique by keyed hash (`ric_hash`, `phone_hash`); only the last 4 characters
    are in clear for search. `org_path` is the union's path. Set all of these through
    `members.services` (or the import pipeline), never by hand.
    """

    name = models.CharField("姓名", max_length=50, db_index=True)
    ric = EncryptedTextField("身份证号")
    ric_hash = models.CharField(max_length=64, unique=True, editable=False)
    ric_last4 = models.CharField("身份证号后4位", max_length=4, db_index=True, editable=False)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=Sex)
    phone = EncryptedTextField("手机号", blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_last4 = models.CharField("手机号后4位", max_length=4, blank=True, editable=False)
    union = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="所属基层工会",
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name="工作单位",
    )
    joined_on = models.DateField("入会日期")
    education = models.CharField("学历", max_length=20, choices=Education, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    is_migrant_worker = models.BooleanField("农民工", default=False)
    is_dispatched = models.BooleanField("劳务派遣工", default=False)
    is_new_form_worker = models.BooleanField("新就业形态劳动者", default=False)
    is_model_worker = models.BooleanField("劳模", default=False)
    status = models.CharField(
        "会籍状态", max_length=20, choices=MemberStatus, default=MemberStatus.ACTIVE, db_index=True
    )
    retained_reason = models.CharField(
        "保留会籍原因", max_length=20, choices=RetainedReason, blank=True
    )
    left_on = models.DateField("离会日期", null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "会员"
        indexes = [
            models.Index(fields=["union", "status"]),
            models.Index(fields=["org_path", "status"]),
        ]

    def __str__(self) -> str:
        return self.name
