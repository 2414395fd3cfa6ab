from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DemoConfig(AppConfig):
    """The demo district generator. It knows no domain: each installed app that has a
    `demo.py` registers its builder there, imported here the way the admin finds `admin.py`."""

    name = "gonghui.demo"
    label = "demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        # ready() runs once every app's models are loaded, so `<app>.demo` may import them.
        autodiscover_modules("demo")
