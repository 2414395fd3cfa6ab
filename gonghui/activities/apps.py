from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "文体活动"

    def ready(self) -> None:
        from .registrations import register

        register()
