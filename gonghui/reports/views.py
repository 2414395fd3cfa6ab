"""The home page: the user's to-do inbox first, then the widgets the apps registered, each
shown only to roles with its permission."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.registry import todo_badge, todos_for, widgets_for


def _widgets(user) -> list:
    """(widget, context) for this user; a widget whose context is None has nothing for them
    (a lawyer's own cases, for a user on no lawyer panel)."""
    shown = []
    for widget in widgets_for(user):
        context = widget.context(user)
        if context is not None:
            shown.append((widget, context))
    return shown


@login_required
def dashboard(request):
    todos = todos_for(request.user)
    return render(
        request,
        "reports/dashboard.html",
        {
            "todos": todos,
            # the top bar's badge from the same counts (other pages load it: todo_badge_fragment)
            "todo_badge": todo_badge(todos),
            "widgets": _widgets(request.user),
            "organization": request.user.organization,
            "section": "dashboard",
        },
    )


def todo_badge_fragment(request):
    """The top bar's to-do badge, which every page but the home page loads after it is shown
    (htmx): a page costs no count query, and a slow count never holds a page up. Logged out
    in between, nothing (not the login page swapped into the top bar)."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    badge = todo_badge(todos_for(request.user))
    return render(request, "reports/partials/todo_badge.html", {"badge": badge})
