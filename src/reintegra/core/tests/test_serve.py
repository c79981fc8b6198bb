"""``reintegra serve``: the gunicorn configuration, and one real start on a free port."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reintegra.core.management.commands.serve import ReintegraServer, default_workers, gunicorn_options


def wsgi_app(environ, start_response):  # a stand-in: building the config must not load Django's app
    start_response("200 OK", [])
    return [b""]


def test_options_bind_the_host_and_port_with_threaded_workers() -> None:
    options = gunicorn_options(host="0.0.0.0", port=8123, workers=3, threads=2)
    assert options["bind"] == ["0.0.0.0:8123"]
    assert options["workers"] == 3 and options["threads"] == 2
    assert options["worker_class"] == "gthread"
    assert options["control_socket_disable"] is True


def test_ipv6_hosts_are_bracketed() -> None:
    assert gunicorn_options(host="::1", port=80, workers=1)["bind"] == ["[::1]:80"]


def test_access_log_leaves_out_query_strings_which_can_hold_names() -> None:
    log_format = gunicorn_options(host="127.0.0.1", port=1, workers=1)["access_log_format"]
    assert "%(U)s" in log_format and "%(r)s" not in log_format and "%(q)s" not in log_format


def test_gunicorn_application_takes_the_options_without_binding() -> None:
    server = ReintegraServer(wsgi_app, gunicorn_options(host="127.0.0.1", port=0, workers=2, threads=3))
    assert server.cfg.bind == ["127.0.0.1:0"]
    assert server.cfg.workers == 2
    assert server.cfg.threads == 3
    assert server.cfg.worker_class_str == "gthread"
    assert server.load() is wsgi_app


def test_an_unknown_gunicorn_setting_stops_the_server_before_it_starts() -> None:
    with pytest.raises(SystemExit):
        ReintegraServer(wsgi_app, {"no_such_setting": 1})


def test_default_workers_is_bounded() -> None:
    assert 2 <= default_workers() <= 8


def test_zero_workers_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("serve", workers=0)


def test_serve_starts_on_a_free_port_and_serves_pages_and_static_files(tmp_path: Path) -> None:
    """Start the real command (collectstatic, gunicorn, whitenoise), fetch two URLs, stop it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reintegra.config.settings",
        "REINTEGRA_DATA_DIR": str(tmp_path),
        "REINTEGRA_DEMO": "1",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "reintegra.config.cli", "serve", "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
    )
    try:
        url = None
        output = []
        deadline = time.monotonic() + 120
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "Reintegra is running at" in line:
                url = line.split("running at", 1)[1].split()[0]
                break
        assert url, "".join(output)
        assert url.startswith("http://127.0.0.1:")
        for _ in range(50):  # the worker may still be booting
            try:
                with urllib.request.urlopen(url + "accounts/login/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Log in" in page and "Demonstration" in page
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert stylesheet.startswith("/static/vendor/bootstrap-5.3.8/css/bootstrap.min.")  # hashed by the manifest
        with urllib.request.urlopen(url.rstrip("/") + stylesheet, timeout=5) as response:
            assert response.status == 200
            assert "immutable" in response.headers.get("Cache-Control", "")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
