from django import forms
from django.contrib.auth.forms import AuthenticationForm

from fazhi.core.validation import BoundedTextField


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="用户名", widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错多次后将暂时不能登录。",
        "inactive": "该账号已停用，请联系安全管理员。",
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # The lockout gate (fazhi.core.security.LockoutBackend) refused before the password was looked at: say so.
            decision = getattr(self.request, "fazhi_lockout", None)
            if decision is not None:
                raise forms.ValidationError(decision.message, code="locked") from None
            raise


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="原密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label="新密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label="再输一遍新密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", "两次输入的新密码不一致")
        return data


class OtpForm(forms.Form):
    token = forms.CharField(
        label="验证码（6 位数字）",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class TokenForm(forms.Form):
    name = BoundedTextField(label="用途", max_length=100)
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=365, initial=90)


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=64)
    role = forms.ChoiceField(label="角色")
    department = forms.ChoiceField(label="所属部门", required=False)

    def __init__(self, *args, roles=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = list(roles)  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", "（无）"), *departments]  # type: ignore[attr-defined]


class AccountUpdateForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=64)
    role = forms.ChoiceField(label="角色")
    department = forms.ChoiceField(label="所属部门", required=False)
    is_active = forms.BooleanField(label="启用", required=False)

    def __init__(self, *args, roles=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = list(roles)  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", "（无）"), *departments]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = BoundedTextField(label="原因", max_length=200)


class UnlockForm(forms.Form):
    username = forms.CharField(label="账号", max_length=150, required=False)
    ip = forms.GenericIPAddressField(label="地址", required=False)
