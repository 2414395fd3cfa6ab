from django.urls import path

from . import views, views_stats, views_targets

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("todos/badge/", views.todo_badge_fragment, name="todo_badge"),
    # targets (REPORT-2)
    path("stats/targets/", views_targets.targets, name="targets"),
    path("stats/targets/<int:pk>/", views_targets.target_detail, name="target_detail"),
    path("stats/targets/<int:pk>/change/", views_targets.target_change, name="target_change"),
    path("stats/targets/<int:pk>/remove/", views_targets.target_remove, name="target_remove"),
    # the indicator catalog (REPORT-1); after stats/targets/ (a code is never "targets")
    path("stats/", views_stats.catalog_page, name="stats"),
    path("stats/home/", views_stats.home_figures, name="stats_home"),
    path("stats/<str:code>/", views_stats.indicator_page, name="stats_indicator"),
]
