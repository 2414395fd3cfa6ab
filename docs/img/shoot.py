"""Retake the README's screenshots (docs/ui.md) from the small demo district.

    .venv/bin/python docs/img/shoot.py            # builds the demo in a temporary var dir
    GONGHUI_VAR_DIR=/path .venv/bin/python docs/img/shoot.py   # reuses a demo built there

It serves the demo with `manage.py runserver` on a free port, drives Debian's Chromium with
Playwright (as tests/browser does) and writes home.png (the admin's to-do inbox), list.png
(the case list), detail.png (a case with its workflow buttons) and phone.png (a town's member
list at 390 px with the menu open) next to this file. Look at each before committing them.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PYTHON = sys.executable
CHROMIUM = os.environ.get("GONGHUI_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_env() -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="gonghui.settings.local")
    if not env.get("GONGHUI_VAR_DIR"):
        env["GONGHUI_VAR_DIR"] = tempfile.mkdtemp(prefix="gonghui-shots-")
    manage("migrate", "--noinput", "-v0", env=env)  # also brings a reused demo up to date
    manage("demo_district", "--scale", "small", "--members", "--if-empty", env=env)
    return env


def case_with_most_buttons(env: dict[str, str], username: str) -> int:
    """The open case of `username`'s scope offering the most workflow actions."""
    code = (
        "from gonghui.accounts.models import User\n"
        "from gonghui.rights.models import Case\n"
        "from gonghui.rights.workflow import CASE_WORKFLOW\n"
        f"u = User.objects.get(username={username!r})\n"
        "rows = Case.objects.visible_to(u, 'rights.view').order_by('-pk')[:200]\n"
        "print(max(rows, key=lambda c: len(CASE_WORKFLOW.available(c, u))).pk)\n"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def wait_for(url: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"服务没有启动：{url}")


def login(browser, base: str, username: str, viewport: dict[str, int]):
    from gonghui.demo.context import DEMO_PASSWORD

    context = browser.new_context(locale="zh-CN", viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#sidebar")
    return context, page


def settle(page) -> None:
    """Wait for what comes after the page (the to-do badge) before the picture."""
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#todo-badge-slot", state="detached")


def shoot(base: str, case_pk: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context, page = login(browser, base, "admin", DESKTOP)
        settle(page)
        page.screenshot(path=OUT / "home.png")
        context.close()

        context, page = login(browser, base, "shiqiao", DESKTOP)
        page.goto(f"{base}/rights/cases/")
        settle(page)
        page.screenshot(path=OUT / "list.png")
        page.goto(f"{base}/rights/cases/{case_pk}/")
        settle(page)
        page.screenshot(path=OUT / "detail.png")
        context.close()

        context, page = login(browser, base, "shiqiao", PHONE)
        page.goto(f"{base}/members/")
        settle(page)
        page.click("#menu-toggle")
        page.wait_for_selector("#sidebar-menu.collapse.show")
        page.screenshot(path=OUT / "phone.png")
        context.close()
        browser.close()


def main() -> None:
    env = demo_env()
    sys.path.insert(0, str(ROOT))
    case_pk = case_with_most_buttons(env, "shiqiao")
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        os.environ.update(env)
        shoot(base, case_pk)
    finally:
        server.terminate()
        server.wait()
    print(f"截图已写入 {OUT}")


if __name__ == "__main__":
    main()
