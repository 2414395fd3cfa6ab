"""The worker's look-up form (/m/mutualaid/)."""

from django import forms


class ClaimLookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=30)
    ric = forms.CharField(label="身份证号", max_length=30)
