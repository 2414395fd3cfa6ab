from django import forms

from gonghui.orgs.forms import OrganizationField


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


class UserForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    role = forms.ChoiceField(label="角色")
    organization = OrganizationField(
        label="所属组织",
        help_text="输入组织名称、信用代码或拼音首字母后选择。",
        missing_id="所属组织不存在或不在您的管理范围内。",
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        required=False,
        help_text="新建账号必填；首次登录须修改。",
    )

    def __init__(self, *args, user=None, editing: bool = False, **kwargs):
        from .roles import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        # Thousands of unions: a picker searching the user's scope, not a drop-down.
        self.fields["organization"].user = user
        if editing:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            self.fields["password"].required = True
