"""The merit pages: each part's views module lists its own (`urlpatterns`)."""

from .views import honors, notice

app_name = "merit"
urlpatterns: list = [*honors.urlpatterns, *notice.urlpatterns]

from .views import competitions as _competitions  # noqa: E402

urlpatterns += _competitions.urlpatterns

from .views import studios as _studios  # noqa: E402
from .views import workers as _workers  # noqa: E402

urlpatterns += _workers.urlpatterns + _studios.urlpatterns
