"""The public notice of a rating round (公示, /m/democracy/ratings/notice/): open to anyone, no
account; phone first, fine on a desktop. The rounds in notice with their employers (name,
town, the level proposed) and awards (name, kind, position, employer), the closing day and
how to object; a real-name objection form (CSRF on, rate-limited by
services.ratings.objection_submit_online)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from gonghui.core.context import current_ip
from gonghui.core.errors import ApplicationError

from ..forms.ratings import PublicObjectionForm
from ..queries import ratings as queries
from ..services import ratings as services


def notice_list(request):
    rounds = [
        (r, list(queries.notice_applications(r)), list(queries.notice_awards(r)))
        for r in queries.notice_rounds()
    ]
    return render(request, "democracy/notice/notice_list.html", {"rounds": rounds})


@require_http_methods(["GET", "POST"])
def notice_object(request, pk: int):
    """The objection form for one employer in notice (its id is in the URL: it is public)."""
    application = queries.notice_application(pk)
    if application is None:
        return render(request, "democracy/notice/object.html", {"application": None}, status=404)
    form = PublicObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_submit_online(
                application_id=application.pk,
                person_name=form.cleaned_data["person_name"],
                phone=form.cleaned_data["phone"],
                content=form.cleaned_data["content"],
                ip=current_ip.get() or "",
            )
        except ApplicationError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, "您反映的情况已收到，我们将按规定核实处理。感谢您的监督。")
            return redirect("democracy:notice_list")
    return render(
        request, "democracy/notice/object.html", {"application": application, "form": form}
    )


urlpatterns = [
    path("m/democracy/ratings/notice/", notice_list, name="notice_list"),
    path("m/democracy/ratings/notice/<int:pk>/object/", notice_object, name="notice_object"),
]
