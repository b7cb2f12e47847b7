"""SMTP over STARTTLS and implicit TLS with a login from the environment, against a real
aiosmtpd server on 127.0.0.1 with a throwaway self-signed certificate; recipients files;
the [newsletter] settings' errors."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from digest.config import load_config
from digest.errors import DigestError
from digest.mail import SmtpSettings, parse_recipients
from digest.newsletter import NewsletterOptions, run_newsletter
from digest.util import to_utc
from tests.conftest import require
from tests.test_newsletter import NOW, Inbox, free_port, write_project

USER, PASSWORD = "mailer", "s3cret-for-tests"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require(shutil.which("openssl") is not None, "openssl not found: install openssl")
    base = tmp_path_factory.mktemp("tls")
    cert, key = base / "cert.pem", base / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_login_from_the_environment(tmp_path: Path, certificate, security: str) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    if security == "starttls":
        tls = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    else:  # aiosmtpd only counts STARTTLS as TLS for AUTH; implicit TLS is TLS from byte one
        tls = {"ssl_context": context, "auth_require_tls": False}
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=authenticator,
        auth_required=True, **tls,
    )
    if security == "ssl":  # the controller's own readiness check would speak plain SMTP
        controller.server_hostname = "127.0.0.1"
    controller.start()
    try:
        config = load_config(
            write_project(tmp_path, port, smtp_security=security, smtp_cafile=str(cert))
        )
        options = NewsletterOptions(now=to_utc(NOW), days=30, send=True)
        env = {"DIGEST_SMTP_USER": USER, "DIGEST_SMTP_PASSWORD": PASSWORD}
        result = run_newsletter(config, options, env=env)
        assert [d.address for d in result.sent] == ["ada@example.org", "bo@example.org"]
        assert [d.address for d in result.failed] == ["reject@example.org"]
        assert len(inbox.messages) == 2

        # a wrong password stops before anything is recorded or sent
        bad = {"DIGEST_SMTP_USER": USER, "DIGEST_SMTP_PASSWORD": "wrong"}
        with pytest.raises(DigestError, match="login refused"):
            run_newsletter(config, NewsletterOptions(now=to_utc(NOW), days=60, send=True),
                           env=bad)
        # without the relay's certificate trusted, TLS fails: nothing goes out in clear
        untrusted = load_config(write_project(tmp_path, port, smtp_security=security))
        with pytest.raises(DigestError, match="cannot connect"):
            run_newsletter(untrusted, NewsletterOptions(now=to_utc(NOW), days=60, send=True),
                           env=env)
        assert len(inbox.messages) == 2
    finally:
        controller.stop()


def test_credentials_only_from_the_environment_and_never_in_clear(tmp_path: Path) -> None:
    config = load_config(write_project(tmp_path, 25))  # smtp_security = "none"
    with pytest.raises(DigestError, match="unencrypted"):
        SmtpSettings.from_config(
            config.newsletter, {"DIGEST_SMTP_USER": "u", "DIGEST_SMTP_PASSWORD": "p"}
        )
    with pytest.raises(DigestError, match="only one of"):
        SmtpSettings.from_config(config.newsletter, {"DIGEST_SMTP_USER": "u"})
    settings = SmtpSettings.from_config(config.newsletter, {})
    assert settings.user is None and settings.password is None


# ---------------------------------------------------------------- recipients files


def test_recipients_one_a_line_with_comments_and_names() -> None:
    listed = parse_recipients(
        "# subscribers\nada@example.org\n\nBo <bo@example.org>\nbroken@\nada@EXAMPLE.org\n",
        "subs.txt",
    )
    assert listed.addresses == ("ada@example.org", "bo@example.org")
    assert listed.problems == ("subs.txt, line 5: 'broken@' is not an email address",)


def test_recipients_csv_with_an_email_column() -> None:
    listed = parse_recipients('name,EMAIL,since\n"Lee, A",lee@example.org,2026\nNo,,2026\n')
    assert listed.addresses == ("lee@example.org",)
    assert len(listed.problems) == 1 and "line 3" in listed.problems[0]
    assert parse_recipients("email\nkim@example.org\n").addresses == ("kim@example.org",)
    with pytest.raises(DigestError, match="no email column"):
        parse_recipients("name,address\nA,a@example.org\n")


# ---------------------------------------------------------------- [newsletter] settings


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('smtp_security = "tls"', 'newsletter.smtp_security: must be "starttls", "ssl"'),
        ('subject = "{title} {issue}"', "newsletter.subject: is not a usable pattern"),
        ('unsubscribe_url = "http://x.example/u"', "newsletter.unsubscribe_url: must be an https"),
        ('from = "nobody"', "newsletter.from: 'nobody' is not an email address"),
        ("smtp_port = 70000", "newsletter.smtp_port: is out of range"),
        ('max_stories_per_topic = "5"', "newsletter.max_stories_per_topic: must be an integer"),
        ('recipents = "x.txt"', "did you mean 'recipients'?"),
        ('list_id = "not a list id"', "newsletter.list_id"),
    ],
)
def test_newsletter_settings_errors_name_the_key_and_line(
    tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "digest.toml"
    path.write_text(f'[site]\ntitle = "T"\n\n[newsletter]\n{line}\n', encoding="utf-8")
    with pytest.raises(DigestError) as caught:
        load_config(path)
    assert message in caught.value.problem or message in caught.value.fix
    assert caught.value.where.endswith("line 5")


def test_the_repo_digest_toml_has_a_valid_newsletter_example(repo_root: Path) -> None:
    news = load_config(repo_root / "digest.toml").newsletter
    assert news.sender.endswith("@example.org>")
    assert news.list_id.endswith("example.org")
