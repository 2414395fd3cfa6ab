from django import forms


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    password = forms.CharField(
        label="新密码",
        widget=forms.PasswordInput,
        help_text="至少8位，包含大写字母、小写字母、数字、符号中的至少3类；不能与最近5次相同。",
    )
    password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError("原密码不正确。")
        return value

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的新密码不一致。")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100)
