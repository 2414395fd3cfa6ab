from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("todos/badge/", views.todo_badge_fragment, name="todo_badge"),
]
