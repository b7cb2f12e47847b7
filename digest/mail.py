"""SMTP delivery and recipient lists for the newsletter. I/O lives here, nowhere else.

Credentials come only from the environment (``DIGEST_SMTP_USER``, ``DIGEST_SMTP_PASSWORD``),
never from digest.toml. One message per recipient over one connection: a refused recipient is
reported and the others still get theirs.
"""

from __future__ import annotations

import csv
import io
import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from digest.config import NewsletterConfig
from digest.errors import DigestError

ENV_USER = "DIGEST_SMTP_USER"
ENV_PASSWORD = "DIGEST_SMTP_PASSWORD"

_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+")


# ---------------------------------------------------------------- recipients


@dataclass(frozen=True)
class Recipients:
    addresses: tuple[str, ...]  # valid, de-duplicated (case-insensitively), in file order
    problems: tuple[str, ...]  # one line per unusable entry, naming the file and line


def parse_recipients(text: str, where: str = "recipients") -> Recipients:
    """One address a line (``#`` comments, blank lines ignored), or a CSV file with a header
    row holding an ``email`` column (any case). ``Name <addr>`` is accepted too."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    header = [cell.strip().lower() for cell in next(csv.reader([first]), [])]
    entries: list[tuple[int, str]] = []
    if len(header) > 1 or header == ["email"]:
        if "email" not in header:
            raise DigestError(
                where,
                f"the CSV header has no email column (columns: {', '.join(header)})",
                'name the column of addresses "email", or list one address a line',
            )
        column = header.index("email")
        body = [line for line in lines if not line.startswith("#")]
        rows = csv.reader(io.StringIO("\n".join(body)))
        next(rows, None)
        for number, row in enumerate(rows, start=2):
            if row and any(cell.strip() for cell in row):
                entries.append((number, row[column].strip() if column < len(row) else ""))
    else:
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if line and not line.startswith("#"):
                entries.append((number, line))
    addresses: list[str] = []
    seen: set[str] = set()
    problems: list[str] = []
    for number, entry in entries:
        address = parseaddr(entry)[1]
        if not _ADDRESS.fullmatch(address):
            problems.append(f"{where}, line {number}: {entry!r} is not an email address")
            continue
        if address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    return Recipients(tuple(addresses), tuple(problems))


def read_recipients(path: Path) -> Recipients:
    if not path.is_file():
        raise DigestError(
            str(path),
            "recipients file not found",
            "create it (one address a line, or CSV with an email column) or fix "
            "[newsletter] recipients in digest.toml",
        )
    return parse_recipients(path.read_text(encoding="utf-8-sig"), str(path))


# ---------------------------------------------------------------- SMTP


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "starttls", "ssl" or "none"
    timeout: float = 30.0
    cafile: str | None = None
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_config(cls, news: NewsletterConfig, env: Mapping[str, str]) -> SmtpSettings:
        user = env.get(ENV_USER) or None
        password = env.get(ENV_PASSWORD) or None
        if bool(user) != bool(password):
            raise DigestError(
                "environment",
                f"only one of {ENV_USER} and {ENV_PASSWORD} is set",
                "set both (the relay's login), or neither (a relay that needs no login)",
            )
        if user and news.smtp_security == "none":
            raise DigestError(
                "digest.toml, newsletter.smtp_security",
                'is "none", so the SMTP password would cross the network unencrypted',
                'use "starttls" or "ssl", or unset the credentials for a local relay',
            )
        return cls(
            news.smtp_host,
            news.smtp_port,
            news.smtp_security,
            news.smtp_timeout,
            news.smtp_cafile or None,
            user,
            password,
        )


class Mailer:
    """One SMTP connection, opened on enter; ``send`` one message to one recipient."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _where(self) -> str:
        return f"SMTP {self.settings.host}:{self.settings.port}"

    def connect(self) -> None:
        s = self.settings
        context = ssl.create_default_context(cafile=s.cafile)
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            smtp.ehlo()
            if s.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user and s.password:
                smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise DigestError(
                self._where(),
                f"login refused ({exc.smtp_code} {_text(exc.smtp_error)})",
                f"check {ENV_USER} and {ENV_PASSWORD}",
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise DigestError(
                self._where(),
                f"the server does not offer what digest asked for ({exc})",
                'check newsletter.smtp_security ("starttls" needs a server that offers it; '
                "a login needs AUTH)",
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DigestError(
                self._where(),
                f"cannot connect ({exc})",
                "check newsletter.smtp_host, smtp_port and smtp_security (587 is usually "
                '"starttls", 465 "ssl"), and that the relay is up',
            ) from exc
        self.smtp = smtp

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def send(self, message: EmailMessage, sender: str, recipient: str) -> str | None:
        """Send one message to one recipient. Returns None on success, else the error."""
        for attempt in (1, 2):
            if self.smtp is None:
                try:
                    self.connect()
                except DigestError as exc:
                    return exc.problem
            assert self.smtp is not None
            try:
                refused = self.smtp.send_message(message, sender, [recipient])
            except smtplib.SMTPServerDisconnected as exc:
                self.smtp = None  # the relay hung up: reconnect once, then give up
                if attempt == 2:
                    return f"the server disconnected ({exc})"
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                code, reason = exc.recipients.get(recipient, (0, b"refused"))
                return f"{code} {_text(reason)}"
            except smtplib.SMTPResponseException as exc:
                return f"{exc.smtp_code} {_text(exc.smtp_error)}"
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                return str(exc) or type(exc).__name__
            if recipient in refused:
                code, reason = refused[recipient]
                return f"{code} {_text(reason)}"
            return None
        return "not sent"  # pragma: no cover - the loop always returns


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
