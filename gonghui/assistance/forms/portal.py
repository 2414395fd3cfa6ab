"""The worker's look-up form (/m/assistance/)."""

from django import forms


class GrantLookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=30)
    ric = forms.CharField(label="身份证号", max_length=30)
