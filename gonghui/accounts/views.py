from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core.audit import audit_record
from gonghui.core.views_utils import run_service

from . import services
from .forms import LoginForm, PasswordChangeForm, TokenForm


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = run_service(
            form,
            lambda: services.login_attempt(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                request=request,
            ),
        )
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "core:dashboard"
            return redirect(target)
    return render(request, "accounts/login.html", {"form": form})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit_record(actor=request.user, action="accounts.logout", target=request.user)
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = run_service(
            form,
            lambda: services.user_set_password(
                user=request.user, password=form.cleaned_data["password"], actor=request.user
            ),
        )
        if user is not None:
            update_session_auth_hash(request, user)
            messages.success(request, "密码已修改。")
            return redirect("core:dashboard")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.token_create(user=request.user, name=form.cleaned_data["name"])
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": request.user.api_tokens.all(),
        },
    )
