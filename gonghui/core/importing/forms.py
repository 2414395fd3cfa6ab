from django import forms

from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .models import ImportKind


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=ImportKind.choices)
    union = forms.ModelChoiceField(
        label="导入到基层工会",
        queryset=Organization.objects.none(),
        required=False,
        help_text="会员花名册的每一行都导入到这个工会。",
    )
    file = forms.FileField(
        allow_empty_file=True,  # the service says "文件是空的" in its own words
        label="文件",
        help_text="Excel（.xlsx、.xls）或 CSV；表头行可在前10行内，上面可以有标题行。",
    )
    dry_run = forms.BooleanField(label="试导入（只检查，不写入）", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Organization.objects.visible_to(user).filter(
            kind=OrgKind.GRASSROOTS, is_active=True
        )
        allowed = [(k, label) for k, label in ImportKind.choices if _may(user, k)]
        self.fields["kind"].choices = allowed
        if user is not None and user.role == "grassroots_chair":
            self.fields["union"].initial = user.organization_id


def _may(user, kind: str) -> bool:
    from .services import PERMISSION

    return user is not None and user.can(PERMISSION[kind])
