from typing import Any

from django import forms

from gonghui.core.forms import PickerField

from .kinds import ImportTarget, import_kinds_for


def _target_field(target: ImportTarget, user: Any) -> forms.Field:
    """A picker when the kind names one (thousands of unions), else a drop-down."""
    common = {
        "label": target.label,
        "required": False,
        "help_text": target.help,
        "initial": target.default(user) if target.default else None,
    }
    if target.suggest and target.find is not None:
        return PickerField(
            suggest=target.suggest, rows=target.choices, find=target.find, user=user, **common
        )
    return forms.ModelChoiceField(
        queryset=target.choices(user),
        empty_label="（不选）" if target.optional else "---------",
        **common,
    )


class ImportUploadForm(forms.Form):
    """Kind, file, dry run, and one target field for each kind that has a target."""

    kind = forms.ChoiceField(label="导入内容")
    file = forms.FileField(
        allow_empty_file=True,  # the service says "文件是空的" in its own words
        label="文件",
        help_text=(
            "Excel（.xlsx、.xls，可有多个工作表）、CSV（逗号、制表符或分号分隔）或 Unicode 文本；"
            "表头行可在前10行内（上面可以有标题行，可以是两行的合并表头）。"
        ),
    )
    dry_run = forms.BooleanField(label="试导入（只检查，不写入）", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {spec.kind: spec for spec in import_kinds_for(user)}
        self.fields["kind"].choices = [(k, spec.label) for k, spec in self.kinds.items()]
        for spec in self.kinds.values():
            if spec.target is not None and spec.target.field not in self.fields:
                self.fields[spec.target.field] = _target_field(spec.target, user)
        self.order_fields(["kind", *(s.target.field for s in self._targeted()), "file"])

    def _targeted(self):
        return [spec for spec in self.kinds.values() if spec.target is not None]

    def target(self):
        """The chosen target of the chosen kind (None for a kind without one)."""
        spec = self.kinds.get(self.cleaned_data["kind"])
        return self.cleaned_data.get(spec.target.field) if spec and spec.target else None

    def help_texts(self) -> list[tuple[str, str, str]]:
        """(kind, label, help) of each kind the user may import (its template is linked)."""
        return [(kind, spec.label, spec.help) for kind, spec in self.kinds.items()]
