"""What the concurrent benchmarks share: the production server on loopback and a login.

`bench/pages.py --concurrent` and `bench/load.py` both serve the site with gunicorn
(gthread workers, as docs/operations.md says) under `bench.settings` and log in through the
login page, as a person does, so the session they measure is a real one.
"""

import http.client
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "/healthz"


class ServerOptions(Protocol):
    port: int
    workers: int
    threads: int


def serve(args: ServerOptions) -> subprocess.Popen:
    """gunicorn on localhost with the bench settings; returns once /healthz answers."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "gonghui.wsgi:application",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        "--worker-class=gthread",
        f"--threads={args.threads}",
        "--keep-alive=30",
        f"--pythonpath={ROOT}",
        f"--chdir={ROOT}",
        "--log-level=warning",
    ]
    # BENCH_SETTINGS: another settings module to serve (one that adds a probe, say).
    settings = os.environ.get("BENCH_SETTINGS", "bench.settings")
    server = subprocess.Popen(command, env=os.environ | {"DJANGO_SETTINGS_MODULE": settings})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = get(args.port, TRIVIAL)
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", quote(path, safe="/?=&"), headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str, password: str) -> str:
    """A session through the login page, as a person gets one; the Cookie header to send."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    csrf = cookies_of(response)["csrftoken"]
    response.read()
    body = urlencode({"csrfmiddlewaretoken": csrf, "username": username, "password": password})
    headers = {
        "Cookie": f"csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    conn.request("POST", "/accounts/login/", body=body, headers=headers)
    response = conn.getresponse()
    page = response.read().decode(errors="replace")
    conn.close()
    session = cookies_of(response).get("sessionid")
    if response.status != 302 or not session:
        said = re.findall(
            r'class="[^"]*(?:alert|invalid-feedback|errors)[^"]*"[^>]*>\s*(?:<p>)?([^<]+)', page
        )
        raise SystemExit(f"login of {username} failed: {response.status} {said}")
    return f"sessionid={session}; csrftoken={csrf}"
