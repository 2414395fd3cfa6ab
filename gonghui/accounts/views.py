from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core.audit import audit_record
from gonghui.core.views_utils import paginate, query_without_page, require, run_service

from . import lockout, queries, services
from .forms import LoginForm, PasswordChangeForm, TokenForm, UserForm
from .models import User
from .roles import Role


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
            if user.password_expired:
                messages.warning(request, "密码已过期或为初始密码，请先修改密码。")
                return redirect("accounts:password_change")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "reports:dashboard"
            return redirect(target)
    context = {
        "form": form,
        "max_failures": settings.LOGIN_MAX_FAILURES,
        "lock_minutes": settings.LOGIN_LOCK_MINUTES,
    }
    return render(request, "accounts/login.html", context)


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
            return redirect("reports:dashboard")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def tokens(request):
    """The user's own tokens: create one (its key shown once), list, revoke."""
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
            "tokens": queries.tokens_of(owner=request.user),
            "days": settings.API_TOKEN_DAYS,
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = services.token_revoke(actor=request.user, token_id=pk)
    messages.success(request, f"已撤销令牌「{token.name}」。")
    if token.user_id != request.user.pk:
        return redirect("accounts:user_tokens", token.user_id)
    return redirect("accounts:tokens")


@login_required
def user_tokens(request, pk: int):
    """A district admin's view of one user's tokens, each revocable (audited)."""
    target, tokens = queries.user_tokens(user=request.user, pk=pk)
    return render(
        request,
        "accounts/user_tokens.html",
        {"target": target, "tokens": tokens, "section": "users"},
    )


def _manage(user) -> None:
    require(user, "accounts.manage")


@login_required
def user_list(request):
    _manage(request.user)
    qs = queries.user_list(
        user=request.user, q=request.GET.get("q", ""), role=request.GET.get("role", "")
    )
    page = paginate(request, qs)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "locked": queries.locked_usernames(list(page)),
            "query": query_without_page(request),
            "roles": Role.choices,
            "section": "users",
        },
    )


@login_required
def user_create(request):
    _manage(request.user)
    form = UserForm(request.POST or None, user=request.user, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        created = run_service(
            form,
            lambda: services.user_create(
                actor=request.user,
                username=d["username"],
                password=d["password"],
                organization=d["organization"],
                role=d["role"],
                display_name=d["display_name"],
            ),
        )
        if created:
            User.objects.filter(pk=created.pk).update(
                password_changed_at=None
            )  # must change at first login
            messages.success(request, f"已新建账号「{created.username}」。")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "section": "users"})


@login_required
def user_edit(request, pk: int):
    target = queries.user_get(user=request.user, pk=pk)
    _manage(request.user)
    initial = {
        "username": target.username,
        "display_name": target.display_name,
        "role": target.role,
        "organization": target.organization_id,
        "is_active": target.is_active,
    }
    form = UserForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = run_service(
            form,
            lambda: services.user_update(
                actor=request.user,
                user=target,
                organization=d["organization"],
                role=d["role"],
                display_name=d["display_name"],
                is_active=d["is_active"],
            ),
        )
        if saved:
            messages.success(request, "已保存。")
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "target": target,
            "failures": lockout.failures_by_source(target.username),
            "section": "users",
        },
    )


@login_required
@require_POST
def user_unlock(request, pk: int):
    target = queries.user_get(user=request.user, pk=pk)
    _manage(request.user)
    services.user_unlock(actor=request.user, user=target)
    messages.success(request, f"已解除「{target.username}」的锁定。")
    return redirect("accounts:user_list")
