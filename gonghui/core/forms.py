"""Forms every app's workflow uses: the version a person read, and a reason."""

from django import forms


class VersionForm(forms.Form):
    """The optimistic lock's version, posted back with every transition and edit."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, obj=None, **kwargs):
        """`user` and `obj` (the row acted on) let a form scope its choices."""
        super().__init__(*args, **kwargs)
        self.user, self.obj = user, obj


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", max_length=300)
