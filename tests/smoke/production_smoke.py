"""Production smoke test (issue 12, ADR 8): the README's deployment really serves pages.

A fresh PostgreSQL database of its own, the production settings, `migrate`, `collectstatic`, sign-ins made by
`create_smoke_test_users` (the only way: production refuses `seed_demo`), gunicorn on a free port on 127.0.0.1,
and requests sent as the reverse proxy sends them (`X-Forwarded-Proto: https`). It signs in as an
administrator, a lead, a finance approver (each with an authenticator code computed from the secret it gave
the command) and a participant, then fetches each one's main pages and every page in their navigation: all
must be 200 with the security headers. Run with `make smoke-production`; CI runs it from `.ci/run`.

Environment: WITHUS_SMOKE_POSTGRES (server, default postgres://postgres@127.0.0.1:5432) and
WITHUS_SMOKE_REDIS (default redis://127.0.0.1:6379/13).
"""

import base64
import contextlib
import hashlib
import hmac
import html
import http.client
import os
import re
import secrets
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
POSTGRES = os.environ.get("WITHUS_SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("WITHUS_SMOKE_REDIS", "redis://127.0.0.1:6379/13")
HOST = "127.0.0.1"
ORIGIN = f"https://{HOST}"
EMAIL_DOMAIN = "smoke-test.invalid"

# Each role's main pages: these must be in reach (200), whatever the navigation shows.
MAIN_PAGES = {
    "administrator": ["/", "/people/", "/units/", "/audit/", "/claims/"],
    "lead": ["/", "/people/", "/opportunities/", "/claims/", "/projects/"],
    "finance": ["/", "/claims/", "/finance/batches/"],
    "participant": ["/me/", "/me/payments/", "/me/involvement/", "/opportunities/"],
}
STAFF = ("administrator", "lead", "finance")


class Results:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def check(self, ok: bool, what: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
            sys.stdout.write(f"FAILED: {what}\n")
        return ok


def say(text: str) -> None:
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def totp_code(secret: str, moment: float) -> str:
    """RFC 6238 with SHA-1, 6 digits, 30-second steps: what an authenticator app shows."""
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(moment) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of a browser behind the trust's proxy: cookies (including Secure ones, since the proxy
    speaks HTTPS to the real browser), and the headers the proxy adds."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.cookie_attributes: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, *, https: bool = True):
        headers = {"Host": HOST, "User-Agent": "withus-smoke-test"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": ORIGIN,
                    "Referer": f"{ORIGIN}{path}",
                }
            )
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookie_attributes[name] = header
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: dict):
        return self.request("POST", path, body)


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def header_problems(response, *, signed_in: bool) -> list[str]:
    problems = []
    hsts = response.getheader("Strict-Transport-Security", "")
    if "max-age=31536000" not in hsts or "includeSubDomains" not in hsts:
        problems.append(f"HSTS {hsts!r}")
    csp = response.getheader("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "script-src 'self' 'nonce-", "object-src 'none'", "frame-ancestors 'none'"):
        if directive not in csp:
            problems.append(f"CSP lacks {directive}")
    if response.getheader("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.getheader("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options DENY")
    if signed_in and "no-store" not in response.getheader("Cache-Control", ""):
        problems.append(f"Cache-Control {response.getheader('Cache-Control')!r}")
    for header in response.headers.get_all("Set-Cookie") or []:
        name = header.split("=", 1)[0]
        lowered = header.lower()
        if not name.startswith("__Host-") or "secure" not in lowered or "domain=" in lowered or "path=/" not in lowered:
            problems.append(f"cookie not __Host-/Secure: {name}")
        if "withus-session" in name and "httponly" not in lowered:
            problems.append("session cookie not HttpOnly")
    return problems


def fetch_page(browser: Browser, results: Results, who: str, path: str) -> str:
    response, content = browser.get(path)
    problems = header_problems(response, signed_in=True)
    results.check(response.status == 200, f"{who} {path}: status {response.status} (expected 200)")
    results.check(not problems, f"{who} {path}: {', '.join(problems)}")
    return content


def sign_in(browser: Browser, results: Results, who: str, password: str, secret: str) -> bool:
    response, page = browser.get("/accounts/login/")
    if not results.check(response.status == 200, f"{who}: sign-in page status {response.status}"):
        return False
    results.check(not header_problems(response, signed_in=False), f"{who}: sign-in page headers")
    response, page = browser.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": csrf_token(page), "login": f"{who}@{EMAIL_DOMAIN}", "password": password},
    )
    if not results.check(response.status == 302, f"{who}: password accepted (status {response.status})"):
        return False
    location = urlsplit(response.getheader("Location", "")).path
    if who in STAFF:
        if not results.check(location == "/accounts/two-step/authenticate/", f"{who}: asked for a code ({location})"):
            return False
        response, page = browser.get(location)
        # A code is good for its own 30-second step only: never send one in the step's last two seconds.
        if 30 - time.time() % 30 < 2:
            time.sleep(2.5)
        response, page = browser.post(
            location, {"csrfmiddlewaretoken": csrf_token(page), "code": totp_code(secret, time.time())}
        )
        if not results.check(response.status == 302, f"{who}: authenticator code accepted ({response.status})"):
            return False
        location = urlsplit(response.getheader("Location", "")).path
    session = next((name for name in browser.cookies if name.endswith("withus-session")), "")
    results.check(session == "__Host-withus-session", f"{who}: session cookie is {session!r}")
    return results.check(location in {"/", "/me/"}, f"{who}: signed in to {location}")


def check_role(port: int, results: Results, who: str, password: str, secret: str) -> None:
    browser = Browser(port)
    if not sign_in(browser, results, who, password, secret):
        return
    home = fetch_page(browser, results, who, MAIN_PAGES[who][0])
    navigation = re.findall(r'class="nhsuk-header__navigation-link" href="([^"]+)"', home)
    results.check(bool(navigation), f"{who}: the home page has navigation")
    for path in dict.fromkeys([*MAIN_PAGES[who][1:], *(html.unescape(link) for link in navigation)]):
        fetch_page(browser, results, who, path)
    check_static_files(browser, results, who, home)


def check_static_files(browser: Browser, results: Results, who: str, page: str) -> None:
    """The page's stylesheet, script and icon are the hashed copies collectstatic made, and they are served."""
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    hashed = [asset for asset in assets if re.search(r"\.[0-9a-f]{12}\.", asset)]
    results.check(
        len(hashed) >= 3 and len(hashed) == len(assets), f"{who}: static files not all hashed: {sorted(assets)}"
    )
    for asset in hashed[:4]:
        response, _ = browser.get(asset)
        results.check(response.status == 200, f"{who}: {asset} status {response.status}")


def manage(env: dict, *args: str, quiet: bool = True) -> None:
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - fixed arguments
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    say(f"manage.py {args[0]}: {time.monotonic() - started:.1f} s")


def wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {server.returncode}")
        with contextlib.suppress(OSError):
            Browser(port).get("/accessibility/")
            return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 seconds")


@contextlib.contextmanager
def fresh_database():
    name = f"withus_smoke_{os.getpid()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "WITHUS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "withus.config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "WITHUS_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "REDIS_URL": REDIS,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def run(results: Results) -> None:
    password = secrets.token_urlsafe(24)
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    with fresh_database() as database_url:
        env = production_env(database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(
            {**env, "WITHUS_SMOKE_TEST": "1", "WITHUS_SMOKE_PASSWORD": password, "WITHUS_SMOKE_TOTP_SECRET": secret},
            "create_smoke_test_users",
            quiet=False,
        )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                GUNICORN,
                "withus.config.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
                "--forwarded-allow-ips",
                HOST,
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,  # the server runs without WITHUS_SMOKE_TEST: the smoke app is not even installed
        )
        try:
            wait_until_serving(port, server)
            say(f"gunicorn serving on {HOST}:{port}")
            plain, _ = Browser(port).get("/accounts/login/", https=False)
            results.check(
                plain.status == 301 and plain.getheader("Location", "").startswith("https://"),
                f"plain HTTP is redirected to HTTPS (status {plain.status})",
            )
            for who in MAIN_PAGES:
                before = results.passed
                check_role(port, results, who, password, secret)
                say(f"{who}: {results.passed - before} checks passed")
        finally:
            server.terminate()
            server.wait(timeout=30)


def main(step: Callable[[Results], None] = run) -> int:
    started = time.monotonic()
    results = Results()
    try:
        step(results)
    except (subprocess.CalledProcessError, RuntimeError, psycopg.Error) as error:
        results.check(False, f"the smoke test could not run: {error}")
    say(f"production smoke test took {time.monotonic() - started:.0f} s")
    say(f"smoke: {results.passed} passed, {len(results.failed)} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
