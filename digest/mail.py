"""SMTP delivery and recipient lists for the newsletter. I/O lives here, nowhere else.

Credentials come only from the environment (``DIGEST_SMTP_USER``, ``DIGEST_SMTP_PASSWORD``),
never from digest.toml. One message per recipient over one connection: a refused recipient is
reported and the others still get theirs, unless the relay refuses them all for a reason that
is not theirs (``POLICY_STOP_AFTER`` recipients in a row refused with one 5.7.x reply, such as
"554 5.7.1 Relay access denied"): then the run stops and the rest stay pending.
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
from email.utils import getaddresses, parseaddr
from pathlib import Path

from digest.config import NewsletterConfig
from digest.errors import DigestError

ENV_USER = "DIGEST_SMTP_USER"
ENV_PASSWORD = "DIGEST_SMTP_PASSWORD"
# This many recipients in a row refused at RCPT with one and the same policy reply (5.7.x:
# "Relay access denied", "Authentication required"...) stop the run: the relay refuses this
# sender, login or machine, not these recipients, and would refuse every one after them.
POLICY_STOP_AFTER = 3

# RFC 5321 dot-atom local part; UTF-8 letters are allowed too (RFC 6531, needs SMTPUTF8).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# Characters that copy-and-paste leaves in addresses but that never belong to one.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


# ---------------------------------------------------------------- recipients


@dataclass(frozen=True)
class Recipients:
    addresses: tuple[str, ...]  # valid, de-duplicated (case-insensitively), in file order
    problems: tuple[str, ...]  # one line per unusable entry, naming the file and line


def parse_recipients(text: str, where: str = "recipients") -> Recipients:
    """One address a line (``#`` comments, blank lines ignored), or a CSV file with a header
    row holding an ``email`` column (any case). ``Name <addr>`` is accepted too."""
    lines = text.translate(_INVISIBLE).splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    header = [cell.strip().lower() for cell in next(csv.reader([first]), [])]
    entries: list[tuple[int, str]] = []
    # a first line holding an address is not a header ("a@x.org, b@x.org" is a mistake)
    if "@" not in first and (len(header) > 1 or header == ["email"]):
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
        address, why = _check_address(entry)
        if why:
            problems.append(f"{where}, line {number}: {entry!r} {why}")
            continue
        key = ascii_address(address).lower()
        if key not in seen:
            seen.add(key)
            addresses.append(address)
    return Recipients(tuple(addresses), tuple(problems))


def _check_address(entry: str) -> tuple[str, str]:
    """(address, "") for an entry holding one usable address, else ("", what is wrong)."""
    found = getaddresses([entry])
    if len(found) > 1 and sum(1 for _name, addr in found if addr) > 1:
        return "", "holds more than one address (write one a line)"
    address = parseaddr(entry)[1]
    # parseaddr quietly drops spaces and comments ("u@ex ample.org" -> "u@example.org"):
    # the address must be written in the entry as it is, or it is not the one meant
    if not address or address not in entry:
        return "", "is not an email address"
    local, _at, domain = address.rpartition("@")
    if not local or not _LOCAL.fullmatch(local) or len(local) > 64:
        return "", "is not an email address"
    if domain.startswith("[") and domain.endswith("]"):
        return address, ""  # an address literal: user@[192.0.2.1]
    try:
        labels = ascii_domain(domain).split(".")
    except UnicodeError:
        labels = []
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return "", "is not an email address"
    if labels[-1].isdigit() or len(address.encode("utf-8")) > 254:
        return "", "is not an email address"
    return address, ""


def ascii_domain(domain: str) -> str:
    """``domain`` in its ASCII (IDNA) form: ``bücher.example`` -> ``xn--bcher-kva.example``."""
    if domain.isascii():
        return domain.lower()
    return domain.encode("idna").decode("ascii").lower()


def ascii_address(address: str) -> str:
    """``address`` with an internationalised domain in its ASCII form, so only a non-ASCII
    part before the @ needs a relay with SMTPUTF8 (RFC 6531)."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii() or domain.startswith("["):
        return address
    try:
        return f"{local}@{ascii_domain(domain)}"
    except UnicodeError:
        return address


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


class RelayStopped(DigestError):
    """The relay refuses every message for now (it keeps hanging up, answers 421, refuses
    the sender, or refuses to relay to anyone): the run stops, and the recipients not tried
    stay pending. ``recipient_error``: the relay's reply to the recipient being sent, when
    it answered one (else the problem is recorded for that recipient)."""

    recipient_error: str | None = None


class Mailer:
    """One SMTP connection, opened on enter; ``send`` one message to one recipient."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        # the last RCPT policy refusal (as compared, see _policy_key) and how many in a row
        self._refusals: tuple[str, int] = ("", 0)

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
                if not smtp.has_extn("starttls"):
                    smtp.close()
                    raise DigestError(
                        self._where(),
                        "the server does not offer STARTTLS, and newsletter.smtp_security is "
                        '"starttls"',
                        'check newsletter.smtp_host and smtp_port (587 is usually "starttls", '
                        '465 "ssl"); "none" only for a relay on this machine',
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user and s.password:
                if not smtp.has_extn("auth"):
                    smtp.close()
                    raise DigestError(
                        self._where(),
                        f"the server offers no login (AUTH), but {ENV_USER} is set",
                        f"unset {ENV_USER} and {ENV_PASSWORD} for a relay that needs no login, "
                        "or check newsletter.smtp_host and smtp_port",
                    )
                smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise DigestError(
                self._where(),
                f"login refused ({exc.smtp_code} {_text(exc.smtp_error)})",
                f"check {ENV_USER} and {ENV_PASSWORD} (some providers want an app password)",
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise DigestError(
                self._where(),
                f"the server does not offer what digest asked for ({exc})",
                'check newsletter.smtp_security ("starttls" needs a server that offers it; '
                "a login needs AUTH)",
            ) from exc
        except smtplib.SMTPException as exc:
            if "authentication method" in str(exc):  # AUTH offered, but none smtplib speaks
                raise DigestError(
                    self._where(),
                    f"the server offers no login method digest can use ({exc})",
                    "use a relay (or a port of it) that offers AUTH PLAIN or LOGIN",
                ) from exc
            raise self._unreachable(exc) from exc
        except OSError as exc:
            raise self._unreachable(exc) from exc
        self.smtp = smtp

    def _unreachable(self, exc: Exception) -> DigestError:
        return DigestError(
            self._where(),
            f"cannot connect ({exc})",
            "check newsletter.smtp_host, smtp_port and smtp_security (587 is usually "
            '"starttls", 465 "ssl"), and that the relay is up',
        )

    def check_sender(self, sender: str) -> None:
        """Ask the relay whether it takes mail from ``sender`` (MAIL FROM, then RSET), so a
        relay that wants a login or STARTTLS first, or does not let this account send as
        newsletter.from, stops the run before anything is recorded."""
        assert self.smtp is not None
        options = [] if sender.isascii() else ["SMTPUTF8"]
        try:
            code, reply = self.smtp.mail(sender, options)
            if code == 250:
                self.smtp.rset()
                return
            text = f"{code} {_text(reply)}"
            if code != 421:
                self.smtp.rset()
        except (OSError, smtplib.SMTPException) as exc:
            raise self._unreachable(exc) from exc
        raise DigestError(
            self._where(), f"the server refuses mail from {sender} ({text})", _sender_fix(
                code, text, self.settings
            )
        )

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def send(self, message: EmailMessage, sender: str, recipient: str) -> str | None:
        """Send one message to one recipient. Returns None on success, else the error.

        A relay that hangs up or answers 421 (too many messages, try later) is reconnected
        and the message tried once more, with the same Message-ID (a mailbox that got both
        shows one). Raises RelayStopped when the relay refuses the sender, or does that again,
        or refuses ``POLICY_STOP_AFTER`` recipients in a row with the same 5.7.x reply: the
        recipients after this one would fare no better.
        """
        error, refusal = self._deliver(message, sender, recipient)
        key = _policy_key(*refusal) if refusal else ""
        if not key:  # sent, or refused for a reason of this recipient's own: the run goes on
            self._refusals = ("", 0)
            return error
        count = self._refusals[1] + 1 if self._refusals[0] == key else 1
        self._refusals = (key, count)
        if count < POLICY_STOP_AFTER:
            return error
        self._refusals = ("", 0)
        stop = RelayStopped(
            self._where(),
            f'refused {count} recipients in a row with "{error}": a refusal like this is '
            "about this sender, login or machine, not about the recipients, so digest stopped "
            "before trying the rest",
            _relay_fix(refusal[1], self.settings),
        )
        stop.recipient_error = error
        raise stop

    def _deliver(
        self, message: EmailMessage, sender: str, recipient: str
    ) -> tuple[str | None, tuple[int, str] | None]:
        """``send`` without the policy count: (error or None, (code, reply text) when the
        relay refused the recipient at RCPT)."""
        envelope_to = ascii_address(recipient)
        problem = ""
        for _attempt in (1, 2):
            if self.smtp is None:
                try:
                    self.connect()
                except DigestError as exc:
                    raise RelayStopped(exc.where, exc.problem, exc.fix) from exc
            assert self.smtp is not None
            try:
                refused = self.smtp.send_message(message, sender, [envelope_to])
            except smtplib.SMTPServerDisconnected as exc:
                problem = f"the server disconnected ({exc or 'no reply'})"
            except smtplib.SMTPRecipientsRefused as exc:
                code, reason = exc.recipients.get(envelope_to, (0, b"refused"))
                if code != 421:
                    return _reply(code, reason), (code, _text(reason))
                problem = _reply(code, reason)
            except smtplib.SMTPSenderRefused as exc:
                problem = _reply(exc.smtp_code, exc.smtp_error)
                if exc.smtp_code != 421:
                    raise RelayStopped(
                        self._where(), f"the server refuses mail from {sender} ({problem})",
                        _sender_fix(exc.smtp_code, problem, self.settings),
                    ) from exc
            except smtplib.SMTPResponseException as exc:
                if exc.smtp_code != 421:
                    return _reply(exc.smtp_code, exc.smtp_error), None
                problem = _reply(exc.smtp_code, exc.smtp_error)
            except smtplib.SMTPNotSupportedError:
                return (
                    "the address needs SMTPUTF8 (RFC 6531), which the server does not offer"
                ), None
            except (OSError, smtplib.SMTPException) as exc:
                self.close()  # e.g. no reply within smtp_timeout: it may have been delivered
                return str(exc) or type(exc).__name__, None
            else:
                if envelope_to in refused:
                    code, reason = refused[envelope_to]
                    return _reply(code, reason), (code, _text(reason))
                return None, None
            self.close()  # hung up, or 421: reconnect and try once more
        raise RelayStopped(
            self._where(),
            f"the server refused the connection twice in a row ({problem})",
            "the relay is busy or limits how much you send: the recipients not tried are "
            "kept; run `digest newsletter --send --issue N` again later",
        )


# "554 5.7.1 ...": the enhanced status code (RFC 3463) of a reply, class 5, subject 7 (policy)
_POLICY_STATUS = re.compile(r"5\.7\.\d{1,3}(?!\S)")
# relays that give no enhanced code say it in words (Exim: "550 relay not permitted")
_RELAY_DENIED = re.compile(
    r"\b(?:unable to relay|we do not relay|relay(?:ing)?\b[^.;]{0,40}?\b"
    r"(?:denied|not permitted|not allowed|prohibited|refused))\b",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\d\.\d{1,3}\.\d{1,3}(?!\S)")
_ADDRESS = re.compile(r"<[^<>]*>|[^\s<>]+@[^\s<>]+")


def _policy_key(code: int, text: str) -> str:
    """How a RCPT refusal is compared with the last one: "" when it is no policy refusal
    (a 5.7.x reply, or a 5xx that says relaying is denied), else the reply without the
    addresses in it (Postfix names the recipient: "554 5.7.1 <ann@x.org>: Relay access
    denied"), so one relay's refusal of every recipient reads the same each time."""
    if not 500 <= code < 600:
        return ""
    status = _STATUS.match(text)
    if status:
        if not _POLICY_STATUS.match(text):
            return ""  # 5.1.1 unknown user, 5.2.2 mailbox full...: the recipient's own
    elif not _RELAY_DENIED.search(text):
        return ""
    return f"{code} " + " ".join(_ADDRESS.sub("<>", text).lower().split())


def _relay_fix(text: str, settings: SmtpSettings) -> str:
    """What to do about a relay that refuses every recipient (5.7.x at RCPT)."""
    if settings.user:
        login = (
            f"check that the login in {ENV_USER} may send through this relay to other "
            "domains"
        )
    else:
        login = f"if the relay needs a login, set {ENV_USER} and {ENV_PASSWORD}"
    server = (
        "check [newsletter] smtp_host, smtp_port and smtp_security (a provider's submission "
        'relay is usually port 587 with "starttls"), or allow this machine in the relay\'s '
        "relaying rules (e.g. Postfix mynetworks)"
    )
    lower = text.lower()
    steps = [login, server] if "auth" in lower or "login" in lower else [server, login]
    return (
        "; ".join(steps) + "; then run `digest newsletter --send --issue N` again: it sends "
        "to the recipients not yet sent, and to no one twice"
    )


def _reply(code: int, reason: bytes | str) -> str:
    text = f"{code} {_text(reason)}"
    return text + " (temporary: try again later)" if 400 <= code < 500 else text


def _sender_fix(code: int, text: str, settings: SmtpSettings) -> str:
    lower = text.lower()
    if "starttls" in lower or " tls" in lower:
        return 'set newsletter.smtp_security = "starttls" (or "ssl" on port 465)'
    if code == 530 or "auth" in lower:
        if settings.user:
            return f"the login in {ENV_USER} may not be allowed to send: check it"
        return f"the relay wants a login: set {ENV_USER} and {ENV_PASSWORD}"
    if 400 <= code < 500:
        return "the relay is not taking mail right now; try again later"
    return (
        "check newsletter.from: the relay only takes mail from addresses it knows (usually "
        "the account you log in as, or your own domain)"
    )


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())  # a multi-line reply on one line
