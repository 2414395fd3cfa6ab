"""Forms every app uses: the version a person read, a reason, and the picker field."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

from .errors import ApplicationError


class VersionForm(forms.Form):
    """The optimistic lock's version, posted back with every transition and edit."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, obj=None, **kwargs):
        """`user` and `obj` (the row acted on) let a form scope its choices."""
        super().__init__(*args, **kwargs)
        self.user, self.obj = user, obj


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", max_length=300)


# ---- pickers (issue #10): a union, employer or organization chosen by typing ----------------

USCC_LENGTH = 18


# A short list (towns, stations, lawyers): a select that static/js/pickers.js lets one type into.
SEARCHABLE_SELECT = forms.Select(attrs={"data-searchable": "1", "class": "form-select"})


class PickerInput(forms.TextInput):
    """A text box that static/js/pickers.js turns into a Tom Select picker fed by the JSON
    endpoint named `suggest` (a URL name). Without JavaScript it stays a text box: the
    exact name or code typed into it is what the field resolves."""

    def __init__(self, suggest: str, attrs: dict[str, Any] | None = None):
        defaults = {
            "autocomplete": "off",
            "class": "form-control picker",
            "placeholder": "输入名称、信用代码或拼音首字母",
        }
        super().__init__({**defaults, **(attrs or {})})
        self.suggest = suggest

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-picker"] = reverse(self.suggest)
        return context


class PickerField(forms.CharField):
    """One row chosen with a picker, among `rows(user)` (a scoped queryset).

    The picker posts the row's id; typed without it, the text is the row's exact name or
    code: `find(rows, text)` resolves it (ApplicationError when none or several have it).
    A number shorter than a USCC is an id (that is also what "组织编号" used to be). The
    form sets `.user` before it is cleaned, as the other scoped fields here do.
    """

    def __init__(
        self,
        *,
        suggest: str,
        rows: Callable[[Any], QuerySet],
        find: Callable[[QuerySet, str], Any],
        missing_id: str = "所选记录不存在或不在您的管理范围内，请重新选择。",
        user: Any = None,
        **kwargs: Any,
    ):
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("widget", PickerInput(suggest))
        super().__init__(**kwargs)
        self.rows, self.find, self.missing_id, self.user = rows, find, missing_id, user

    @staticmethod
    def is_id(text: str) -> bool:
        return text.isdigit() and len(text) < USCC_LENGTH

    def resolve(self, text: str) -> Any:
        rows = self.rows(self.user)
        if self.is_id(text):
            found = rows.filter(pk=int(text)).first()
            if found is None:
                raise forms.ValidationError(self.missing_id)
            return found
        try:
            return self.find(rows, text)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip()
        return self.resolve(text) if text else None

    def prepare_value(self, value: Any) -> Any:
        """What the box shows: a row's name, also for an id posted back with an error."""
        if isinstance(value, models.Model):
            return str(value)
        text = str(value or "").strip()
        if self.is_id(text) and self.user is not None:
            found = self.rows(self.user).filter(pk=int(text)).first()
            return str(found) if found is not None else text
        return value


# ---- list filters (issue #10, Lists) ------------------------------------------------------

_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "checkbox", "date", "search", "hidden")
}
_SELECT_TEMPLATE = "django/forms/widgets/select.html"


def _attrs(attrs: dict[str, Any]) -> str:
    # as django/forms/widgets/attrs.html: False left out, True as a bare name
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FilterRenderer(DjangoTemplates):
    """The filter bar's controls written here, not through Django's widget templates.

    The same markup as those templates (input, select, option), but a template per option:
    a list's filter bar (a district's towns, the stations and lawyers, the states) cost
    3-10 ms of template rendering on every list page, as much as a whole trivial staff page
    (docs/benchmarks.md). Any other template (a widget this does not know) is Django's."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name in _INPUT_TEMPLATES and widget is not None:
            return _input(widget)
        if template_name == _SELECT_TEMPLATE and widget is not None:
            return _select(widget)
        return super().render(template_name, context, request)


FILTER_RENDERER = FilterRenderer()


class FilterForm(forms.Form):
    """The filters of a list page: `Form(request.GET or None, user=user)`, and `.filters()`
    is what the list's query and its export (core.exports) read: the values given, JSON-safe
    (a row as its pk, a date as ISO text), nothing for a form that is not valid.

    A filter given wrongly (a year "abc") is said on the field and in `field_errors()`, and
    the list shows unfiltered: a page of rows and the reason, never a 500 or a blank page.
    Its controls are written by `FilterRenderer` (the same markup, faster).
    """

    default_renderer = FILTER_RENDERER

    def __init__(self, data: Any = None, *, user: Any = None, **kwargs: Any):
        super().__init__(data, **kwargs)
        self.user = user
        # The filters sit in one row without labels: each control names itself.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))
            field.widget.attrs.setdefault("title", str(field.label))
            if isinstance(field.widget, forms.TextInput | forms.NumberInput):
                field.widget.attrs.setdefault("placeholder", str(field.label))

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                classes = attrs.get("class", "").split()
                attrs["class"] = " ".join(
                    [*classes, "is-invalid"] if "is-invalid" not in classes else classes
                )
                attrs["aria-invalid"] = "true"

    def offer_if_several(self, name: str, rows: QuerySet) -> None:
        """A select of `rows` (a district's towns) only for who has several to choose from;
        for one or none the field is dropped (it would only take room, and a value typed
        into the URL then filters nothing)."""
        if rows.count() > 1:
            self.fields[name].queryset = rows
        else:
            del self.fields[name]

    def field_errors(self) -> list[str]:
        """Each filter given wrongly, in words that say which one ("成立年份须为…"), for the
        line under the filters."""
        if not self.is_bound:
            return []
        said = []
        for name, messages in self.errors.items():
            label = str(self.fields[name].label) if name in self.fields else ""
            for message in map(str, messages):
                said.append(message if label in message else f"{label}：{message}")
        return said

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: _plain(value)
            for name, value in self.cleaned_data.items()
            if value not in (None, "", False, [])
        }


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


YEAR_MIN, YEAR_MAX = 1900, 2100


class YearField(forms.IntegerField):
    """A year of a list's filters (established, joined, received): a number box."""

    def __init__(self, label: str, **kwargs: Any):
        wrong = f"{label}须为四位数字年份，例如 2015。"
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": wrong,
                "min_value": f"{label}须在 {YEAR_MIN} 至 {YEAR_MAX} 年之间。",
                "max_value": f"{label}须在 {YEAR_MIN} 至 {YEAR_MAX} 年之间。",
            },
        )
        kwargs.setdefault("widget", forms.NumberInput({"class": "filter-year", "step": 1}))
        super().__init__(
            label=label, required=False, min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs
        )


class AtLeastField(forms.IntegerField):
    """A count of at least N ("职工人数 ≥ N"), zero or more."""

    def __init__(self, label: str, what: str, **kwargs: Any):
        kwargs.setdefault(
            "error_messages",
            {"invalid": f"{what}须为整数，例如 100。", "min_value": f"{what}不能为负数。"},
        )
        kwargs.setdefault("widget", forms.NumberInput({"class": "filter-number", "min": 0}))
        super().__init__(label=label, required=False, min_value=0, **kwargs)


class FlagField(forms.ChoiceField):
    """A yes/no flag of a list's filters as one compact select: 全部 / `yes` / `no`.
    Its values are "yes" and "no" (a query reads them with `flag_q`); "1" and "0", which
    the member and case lists used before every list had this field, still mean yes and no
    (links and saved exports keep working)."""

    ALIASES = {"1": "yes", "0": "no"}

    def __init__(self, label: str, *, yes: str, no: str, **kwargs: Any):
        super().__init__(
            label=label,
            required=False,
            choices=[("", f"{label}：全部"), ("yes", yes), ("no", no)],
            error_messages={"invalid_choice": f"「{label}」只能选“{yes}”或“{no}”。"},
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return self.ALIASES.get(text, text)


def as_flag(value: Any) -> bool | None:
    """A flag filter's value from a form ("yes"/"no", "1"/"0"), the export job's JSON or the
    API (a bool); None for 全部."""
    if value in (True, "yes", "1", "true", "True"):
        return True
    if value in (False, "no", "0", "false", "False"):
        return False
    return None


def flag_q(field: str, value: Any) -> models.Q:
    """The condition of a flag filter's value on boolean `field`; empty for 全部."""
    wanted = as_flag(value)
    return models.Q() if wanted is None else models.Q(**{field: wanted})


def as_int(value: Any) -> int | None:
    """A filter's number, given as a number (the page) or text (the export job's JSON)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def as_date(value: Any) -> datetime.date | None:
    """A filter's day: a date (the page's form) or ISO text (the export job's JSON)."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def date_filter(label: str) -> forms.DateField:
    """An optional day of a list's filter bar (a date input; ISO when typed)."""
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"{label}应为日期，例如 2013-12-31。"},
    )


class OrgScopeField(forms.IntegerField):
    """范围: an organization's subtree by id — what an indicator's drill-down opens a list
    with (its figure's organization); hidden, the page's own filters are the towns."""

    def __init__(self, **kwargs: Any):
        super().__init__(
            label="范围",
            required=False,
            widget=forms.HiddenInput,
            min_value=1,
            max_value=2**63 - 1,
            error_messages={"invalid": "范围应为组织编号。"},
            **kwargs,
        )


# ---- the audit log's filters (/audit/) -------------------------------------------------------


class AuditFilterForm(FilterForm):
    """The audit log's filters. `action` is a code or a prefix of codes ("orgs.employer":
    every employer action), so it is text offered as a select; `org` is a town or system
    under the user's organization: its subtree's entries."""

    q = forms.CharField(label="操作人或对象", required=False)
    action = forms.CharField(label="操作", required=False, widget=forms.Select)
    actor_kind = forms.ChoiceField(label="操作人类型", required=False)
    success = forms.ChoiceField(
        label="结果",
        required=False,
        choices=[("", "成功与失败"), ("1", "成功"), ("0", "失败")],
    )
    org = forms.ModelChoiceField(
        label="镇街 / 系统",
        queryset=None,
        required=False,
        empty_label="全部镇街与系统",
        error_messages={"invalid_choice": "所选组织不存在或不在您的管理范围内，请重新选择。"},
    )
    since = date_filter("起始日期")
    until = date_filter("截止日期")

    def __init__(self, *args: Any, **kwargs: Any):
        from .actors import ActorKind
        from .audit import ACTION_LABELS

        super().__init__(*args, **kwargs)
        self.fields["action"].widget.choices = [("", "全部操作"), *sorted(ACTION_LABELS.items())]
        self.fields["actor_kind"].choices = [("", "全部操作人"), *ActorKind.choices]
        self.fields["org"].queryset = _child_organizations(self.user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data


def _child_organizations(user: Any) -> QuerySet:
    """The organizations right under the user's own (a district's towns and systems). Core
    knows no organization model but the one a user belongs to."""
    from django.contrib.auth import get_user_model

    model = get_user_model()._meta.get_field("organization").related_model
    organization_id = getattr(user, "organization_id", None)
    if organization_id is None:
        return model.objects.none()
    return model.objects.filter(parent_id=organization_id).order_by("pk")


# ---- the import list's filters (/imports/) ---------------------------------------------------


class ImportFilterForm(FilterForm):
    """The import list's filters: what was imported, how it ended; `errors=1` (the home
    page's to-do link) keeps the user's recent imports with rows not imported."""

    kind = forms.ChoiceField(label="导入内容", required=False)
    state = forms.ChoiceField(label="状态", required=False)
    errors = forms.BooleanField(label="仅看近30天有未导入行的", required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        from .importing.models import ImportStatus
        from .registry import registry

        super().__init__(*args, **kwargs)
        kinds = [(k, spec.label) for k, spec in registry["importers"].items()]
        self.fields["kind"].choices = [("", "全部内容"), *kinds]
        self.fields["state"].choices = [("", "全部状态"), *ImportStatus.choices]
        self.fields["errors"].widget.attrs["class"] = "form-check-input"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one box (images or PDF; on a phone, the camera or the files); the
    service checks them by content (core.uploads)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []
