"""``digest serve``: a local preview that rebuilds on change and reloads the browser.

A polling watcher (no platform file-notification APIs) looks at the content folder, the user's
templates and digest.toml; when anything changes it rebuilds (offline) and bumps a generation
number. HTML answers get a small script tag, added on the fly and never written to the site, that
polls ``/__digest__/generation`` and reloads the page when the number moves.

Each rebuild prints what ``digest build`` prints about the inputs (``warning:``, ``limit:``,
``note:`` and ``problem:`` lines). A failed rebuild keeps the last good site and bumps the
number too: the open page reloads with the error over it (every HTML answer carries it while
it lasts), and the next good build reloads it without.

The site is served under the path of ``site.base_url`` (``https://user.github.io/repo/`` is
previewed at ``http://127.0.0.1:8000/repo/``), so sub-path problems show up before publishing.
"""

from __future__ import annotations

import errno
import html
import http.server
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from digest.build import BuildOptions, build
from digest.config import Config, load_config
from digest.errors import DigestError

GENERATION_PATH = "/__digest__/generation"

RELOAD_JS_PATH = "/__digest__/reload.js"
# An external script (not inline): the pages' Content-Security-Policy allows only 'self'.
RELOAD_TAG = f'<script src="{RELOAD_JS_PATH}"></script>\n'
RELOAD_JS = """/* digest serve: live reload (preview only) */
(function () {
  var seen = null;
  function poll() {
    fetch("GENERATION", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (g) { if (seen !== null && g !== seen) { location.reload(); } seen = g; })
      .catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
""".replace("GENERATION", GENERATION_PATH)

ERROR_CSS_PATH = "/__digest__/error.css"
# A stylesheet of its own (not a style attribute): the pages' policy allows only 'self'.
ERROR_CSS = """/* digest serve: the last rebuild failed (preview only) */
#digest-serve-error { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647;
  max-height: 60vh; overflow: auto; margin: 0; padding: 1em 1.5em; background: #fff8f6;
  color: #400; border-top: 4px solid #c00; font: 15px/1.45 system-ui, sans-serif;
  box-shadow: 0 -4px 16px rgba(0, 0, 0, .25); }
#digest-serve-error pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: .5em 0;
  font: 14px/1.4 ui-monospace, monospace; }
"""


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    interval: float = 0.5  # seconds between two looks at the watched files
    build: BuildOptions = BuildOptions(offline=True)


def snapshot(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of every file under ``paths``, sorted: equal means unchanged."""
    found = []
    for base in paths:
        if base.is_file():
            files = [base]
        elif base.is_dir():
            files = [p for p in base.rglob("*") if p.is_file()]
        else:
            continue
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            found.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


class Preview:
    """The rebuild loop and the HTTP server of one ``digest serve``."""

    def __init__(
        self,
        config_path: Path | None,
        options: ServeOptions,
        say: Callable[[str], None] = lambda _m: None,
    ) -> None:
        self.config_path = config_path
        self.options = options
        self.say = say
        self.generation = 0
        self.error: str | None = None
        self._stop = threading.Event()
        self.config = load_config(config_path)
        # the CLI prints this config's warnings before the first build: not twice
        self._warned: tuple[str, ...] | None = self.config.warnings
        self.prefix = urlsplit(self.config.site.base_url).path or "/"
        self.server: http.server.ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ building
    @property
    def output_dir(self) -> Path:
        return self.options.build.output_dir or self.config.output_dir

    def watched(self, config: Config) -> list[Path]:
        paths = [self.options.build.content_dir or config.content_dir, config.templates_dir]
        paths += [Path(s.location) for s in config.sources if not s.is_remote]
        if config.path is not None:
            paths.append(config.path)
        return paths

    def rebuild(self) -> bool:
        """Build once, printing what ``digest build`` prints about the inputs; on failure
        keep the previous site and remember the error (shown on every page served)."""
        try:
            self.config = load_config(self.config_path)
            warned, self._warned = self._warned, None
            if self.config.warnings != warned:
                for warning in self.config.warnings:
                    self.say(f"warning: {warning}")
            now = self.options.build.now or datetime.now(UTC)  # the CLI edge: a real clock
            report = build(self.config, replace(
                self.options.build, offline=True, now=now,
                on_notice=self.options.build.on_notice or self.say,  # limit:, note: lines
            ))
        except DigestError as exc:
            self._failed(exc.message)
            return False
        except OSError as exc:  # the output or the state cannot be written: a disk's problem
            self._failed(f"{getattr(exc, 'filename', None) or self.output_dir}: "
                         f"{exc.strerror or exc}")
            return False
        for problem in report.problems:
            self.say(f"problem: {problem}")
        self.error = None
        self.generation += 1
        failed = (f"; {len(report.problems)} of {report.inputs} inputs failed (see above)"
                  if report.problems else "")
        self.say(f"built {report.stories} stories ({report.pages} files){failed}")
        return True

    def _failed(self, message: str) -> None:
        """A rebuild failed: say so, and bump the generation so open pages reload and show
        the error (the site served is the last good build's)."""
        self.error = message
        self.generation += 1
        self.say(f"error: {message}")

    def watch(self) -> None:
        before = snapshot(self.watched(self.config))
        while not self._stop.wait(self.options.interval):
            now = snapshot(self.watched(self.config))
            if now != before:
                before = now
                self.say("change seen: rebuilding")
                self.rebuild()
                before = snapshot(self.watched(self.config))

    # ------------------------------------------------------------------ serving
    def start(self) -> str:
        """Take the port, build, then serve and watch in background threads. Returns the
        preview URL. The port comes first: when it is taken, nothing is built."""
        self.server = _listen(self.options.host, self.options.port, _handler_for(self))
        self.server.daemon_threads = True
        try:
            self.rebuild()
        except BaseException:  # Ctrl-C during the first build: give the port back
            self.server.server_close()
            raise
        for target in (self.server.serve_forever, self.watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def stop(self) -> None:
        """Stop serving and watching; calling it again does nothing."""
        self._stop.set()
        server, self.server = self.server, None
        if server is not None:
            if self._threads:  # serve_forever runs: end it
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []


def _listen(
    host: str, port: int, handler: type[http.server.BaseHTTPRequestHandler]
) -> http.server.ThreadingHTTPServer:
    """The preview's server on ``host:port``; a port that cannot be had is a DigestError
    that names it and says what to do."""
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OverflowError as exc:  # not 0-65535 (the CLI checks; the API may not)
        raise DigestError(
            f"port {port}", "is not a port number", "use one from 1024 to 65535, e.g. --port 8000"
        ) from exc
    except OSError as exc:
        other = 8001 if port == 8000 else 8000
        if exc.errno == errno.EADDRINUSE:
            raise DigestError(
                f"port {port} on {host}",
                "is already in use by another program (another digest serve, or a web "
                "server)",
                f"stop that program, or pick another port: digest serve --port {other} "
                "(--port 0 takes any free port)",
            ) from exc
        if exc.errno == errno.EACCES:
            raise DigestError(
                f"port {port} on {host}",
                "may not be used without administrator rights",
                f"pick a port from 1024 up: digest serve --port {other}",
            ) from exc
        raise DigestError(
            f"port {port} on {host}",
            f"cannot listen: {exc.strerror or exc}",
            f"pick another port: digest serve --port {other} (--port 0 takes any free port)",
        ) from exc


def _handler_for(preview: Preview) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(preview.output_dir), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib name
            pass

        def translate_path(self, path: str) -> str:
            clean = _request_path(path)
            if clean.startswith(preview.prefix):
                clean = "/" + clean[len(preview.prefix) :]
            return super().translate_path(clean)

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            path = unquote(_request_path(self.path))
            if path == GENERATION_PATH:
                self._send(200, "text/plain; charset=utf-8", str(preview.generation).encode())
                return
            if path == RELOAD_JS_PATH:
                self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode("utf-8"))
                return
            if path == ERROR_CSS_PATH:
                self._send(200, "text/css; charset=utf-8", ERROR_CSS.encode("utf-8"))
                return
            if path == "/" and preview.prefix != "/":
                self.send_response(302)
                self.send_header("Location", preview.prefix)
                self.end_headers()
                return
            if not path.startswith(preview.prefix):
                self._not_found()
                return
            local = Path(self.translate_path(self.path))
            if local.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.end_headers()
                    return
                local = local / "index.html"
            if not local.is_file():
                self._not_found()
                return
            if local.suffix == ".html":
                page = local.read_text(encoding="utf-8")
                body = inject(page, preview.error)
                self._send(200, "text/html; charset=utf-8", body.encode("utf-8"))
                return
            super().do_GET()

        def _not_found(self) -> None:
            page = preview.output_dir / "404.html"
            if page.is_file():
                body = inject(page.read_text(encoding="utf-8"), preview.error)
            elif preview.error is not None:  # no site yet: the first build failed
                body = inject(ERROR_PAGE, preview.error)
            else:
                body = "not found"
            self._send(404, "text/html; charset=utf-8", body.encode("utf-8"))

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _request_path(target: str) -> str:
    """The path of a request target. "//[x/" would make urlsplit raise (a host with an
    unclosed bracket): such a target is taken as a path, which then is not found."""
    try:
        return urlsplit(target).path
    except ValueError:
        return target.split("?", 1)[0].split("#", 1)[0]


# What a page is while the preview has no site to show (its first build failed)
ERROR_PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
              "<title>digest serve: the build failed</title></head><body></body></html>\n")


def inject(page: str, error: str | None = None) -> str:
    """Add the reload script before </body> (or at the end); with ``error`` (the last rebuild
    failed), a box that shows it over the page."""
    tag = RELOAD_TAG if error is None else error_box(error) + RELOAD_TAG
    index = page.rfind("</body>")
    if index < 0:
        return page + tag
    return page[:index] + tag + page[index:]


def error_box(error: str) -> str:
    """The failed rebuild's message as HTML, over the page (styled by ERROR_CSS)."""
    return (
        f'<link rel="stylesheet" href="{ERROR_CSS_PATH}">\n'
        '<div id="digest-serve-error" role="alert"><strong>digest serve: the last rebuild '
        "failed</strong>; this is the last good build. Fix the problem and save: the page "
        f"reloads by itself.<pre>error: {html.escape(error)}</pre></div>\n"
    )
