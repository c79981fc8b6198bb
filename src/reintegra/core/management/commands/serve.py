"""``reintegra serve``: the production web server (gunicorn) with static files served by whitenoise."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication

def default_workers() -> int:
    """Two processes per CPU, at least two and at most eight (threads add concurrency within each)."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def gunicorn_options(
    *, host: str, port: int, workers: int, threads: int = 4, on_ready: Callable[[Any], None] | None = None,
) -> dict[str, Any]:
    """The gunicorn settings ``serve`` runs with (a function so tests can check them without binding)."""
    bind_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    options: dict[str, Any] = {
        "bind": [f"{bind_host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 20,
        # Request lines may carry search terms (names): the access log records method, path
        # without the query string, status and timing only.
        "accesslog": "-",
        "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "reintegra",
        # No control socket in $HOME: two servers on one machine would fight over it.
        "control_socket_disable": True,
    }
    if on_ready is not None:
        options["when_ready"] = on_ready
    return options


class ReintegraServer(BaseApplication):
    """Gunicorn driven from Python, serving an already-loaded WSGI application."""

    def __init__(self, application: Callable[..., Any], options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__(prog="reintegra serve")

    def load_config(self) -> None:
        assert self.cfg is not None
        for key, value in self.options.items():
            if key not in self.cfg.settings:
                raise CommandError(f"unknown gunicorn setting {key!r}")
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application


def static_manifest() -> Path:
    return Path(settings.STATIC_ROOT) / "staticfiles.json"


class Command(BaseCommand):
    help = (
        "Serve Reintegra with gunicorn (a production-grade WSGI server); whitenoise serves the "
        "collected static files. Collects them first if they have never been collected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("REINTEGRA_HOST", "127.0.0.1"),
                            help="Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
        parser.add_argument("--port", type=int, default=int(os.environ.get("REINTEGRA_PORT", "8000")),
                            help="Port to listen on (default 8000; 0 picks a free one).")
        parser.add_argument("--workers", type=int, default=default_workers(),
                            help="Worker processes (default: two per CPU, between 2 and 8).")
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4).")
        parser.add_argument("--collectstatic", action="store_true",
                            help="Collect static files even if they were collected before (after an upgrade).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        if options["collectstatic"] or not static_manifest().exists():
            self.stdout.write("Collecting static files into %s ..." % settings.STATIC_ROOT)
            call_command("collectstatic", interactive=False, verbosity=0)
        if settings.SESSION_COOKIE_SECURE:
            self.stdout.write(self.style.WARNING(
                "Session cookies are marked Secure and this server speaks plain HTTP: put it behind an "
                "HTTPS proxy, or for local use set REINTEGRA_DEMO=1 (or REINTEGRA_SECURE_COOKIES=0)."
            ))

        # The WSGI application named by settings.WSGI_APPLICATION (reintegra.config.wsgi), found the
        # way runserver finds it: core may not import config.
        application = get_internal_wsgi_application()

        # Workers are forked from this process: they must not share its database connections.
        connections.close_all()

        def on_ready(server: Any) -> None:
            for listener in server.LISTENERS:
                self.stdout.write(self.style.SUCCESS(f"Reintegra is running at {listener}/  (Ctrl+C stops it)"))
            self.stdout.flush()

        server = ReintegraServer(
            application,
            gunicorn_options(
                host=options["host"], port=options["port"], workers=options["workers"],
                threads=options["threads"], on_ready=on_ready,
            ),
        )
        server.run()
