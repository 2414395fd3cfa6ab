"""Forms every app uses: the version a person read, a reason, and the picker field."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet

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


class FilterForm(forms.Form):
    """The filters of a list page: `Form(request.GET or None, user=user)`, and `.filters()`
    is what the list's query and its export (core.exports) read: the values given, JSON-safe
    (a row as its pk, a date as ISO text), nothing for a form that is not valid."""

    def __init__(self, data: Any = None, *, user: Any = None, **kwargs: Any):
        super().__init__(data, **kwargs)
        self.user = user

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
