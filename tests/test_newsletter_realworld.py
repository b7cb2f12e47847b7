"""`digest newsletter --send` against the ways real mail servers and mail apps behave.

Every server here is a real aiosmtpd SMTP server on 127.0.0.1 whose handler misbehaves the
way relays in the wild do (530 before a login, 421 "too many messages", a hang-up after
DATA, no SMTPUTF8...). Nothing touches the network.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from digest.config import load_config
from digest.errors import DigestError
from digest.mail import parse_recipients
from digest.newsletter import NewsletterOptions, run_newsletter
from digest.store import Store
from digest.util import to_utc
from tests.test_newsletter import (
    NO_CREDENTIALS,
    NOW,
    REJECTED,
    Inbox,
    free_port,
    parse,
    parts,
    recipients_state,
    write_project,
)

ADA, BO = "ada@example.org", "bo@example.org"


class Relay(Inbox):
    """An Inbox whose MAIL FROM and DATA replies are scripted: ``mail`` and ``data`` are
    lists of replies used in turn ("" means behave; "drop" hangs up without a reply)."""

    def __init__(self, mail: list[str] | None = None, data: list[str] | None = None,
                 reject: tuple[str, ...] = ()) -> None:
        super().__init__(reject)
        self.mail = list(mail or [])
        self.data = list(data or [])
        self.mail_from: list[str] = []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        self.mail_from.append(address)
        reply = self.mail.pop(0) if self.mail else ""
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        reply = self.data.pop(0) if self.data else ""
        if reply == "drop":  # the message arrived, the relay died before it answered
            server.transport.close()
            return "250 never seen"
        if reply:
            return reply
        return await super().handle_DATA(server, session, envelope)


def serve(handler: Inbox, **options):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller


def send(config_path: Path, **options) -> object:
    opts = {"now": to_utc(NOW), "days": 30, "send": True, **options}
    return run_newsletter(load_config(config_path), NewsletterOptions(**opts),
                          env=NO_CREDENTIALS)


def recorded(base: Path) -> list:
    with Store(base / "state.sqlite") as store:
        return store.newsletter_issues()


def delivered(handler: Inbox) -> list[str]:
    return [rcpt for _, (rcpt,), _ in handler.messages]


# ---------------------------------------------------------------- before anything is recorded


def test_a_relay_that_wants_a_login_stops_the_run_before_the_issue_is_recorded(
    tmp_path: Path,
) -> None:
    # Old: every recipient failed with 530 and the issue (its stories) was recorded anyway.
    relay = Relay(mail=["530 5.7.0 Authentication required"] * 5)
    controller = serve(relay)
    try:
        with pytest.raises(DigestError) as caught:
            send(write_project(tmp_path, controller.port))
    finally:
        controller.stop()
    assert "530 5.7.0 Authentication required" in caught.value.problem
    assert "DIGEST_SMTP_USER" in caught.value.fix
    assert recorded(tmp_path) == [] and relay.messages == []


def test_a_relay_that_wants_starttls_when_smtp_security_is_none(tmp_path: Path) -> None:
    relay = Relay(mail=["530 5.7.0 Must issue a STARTTLS command first"] * 5)
    controller = serve(relay)
    try:
        with pytest.raises(DigestError) as caught:
            send(write_project(tmp_path, controller.port))
    finally:
        controller.stop()
    assert 'newsletter.smtp_security = "starttls"' in caught.value.fix
    assert recorded(tmp_path) == []


def test_a_sender_the_relay_will_not_take(tmp_path: Path) -> None:
    relay = Relay(mail=["553 5.7.1 <digest@example.org>: Sender address rejected"] * 5)
    controller = serve(relay)
    try:
        with pytest.raises(DigestError) as caught:
            send(write_project(tmp_path, controller.port))
    finally:
        controller.stop()
    assert "newsletter.from" in caught.value.fix
    assert recorded(tmp_path) == []


def test_a_relay_without_starttls_when_the_config_asks_for_it(tmp_path: Path) -> None:
    controller = serve(Relay())  # offers no STARTTLS at all
    try:
        with pytest.raises(DigestError) as caught:
            send(write_project(tmp_path, controller.port, smtp_security="starttls"))
    finally:
        controller.stop()
    assert "does not offer STARTTLS" in caught.value.problem
    assert "smtp_port" in caught.value.fix
    assert recorded(tmp_path) == []


def test_a_recipients_file_with_no_usable_address_is_an_error_before_anything_is_recorded(
    tmp_path: Path,
) -> None:
    # Old: the issue was recorded for no one, so its stories were never mailed.
    relay = Relay()
    controller = serve(relay)
    try:
        config = write_project(tmp_path, controller.port)
        (tmp_path / "subscribers.csv").write_text("email\nnot-an-address\n", encoding="utf-8")
        with pytest.raises(DigestError, match="no usable address"):
            send(config)
    finally:
        controller.stop()
    assert recorded(tmp_path) == [] and relay.mail_from == []


# ---------------------------------------------------------------- during the send


def test_a_421_mid_send_is_retried_on_a_new_connection(tmp_path: Path) -> None:
    # Bo's message gets 421 at the end of DATA (a per-connection limit). Old: Bo failed.
    relay = Relay(data=["", "421 4.7.0 Too many messages, closing connection"],
                  reject=(REJECTED,))
    controller = serve(relay)
    try:
        result = send(write_project(tmp_path, controller.port))
    finally:
        controller.stop()
    assert sorted(delivered(relay)) == [ADA, BO]  # each exactly once
    assert [d.address for d in result.failed] == [REJECTED]
    assert recipients_state(tmp_path / "state.sqlite")[BO] == ("sent", 1)


def test_a_relay_that_keeps_answering_421_stops_the_run_and_a_rerun_finishes_it(
    tmp_path: Path,
) -> None:
    # Old: every later recipient was tried (and marked failed) against a relay that refused.
    relay = Relay(mail=["", "", *["421 4.3.2 Service shutting down"] * 4])
    controller = serve(relay)
    config = write_project(tmp_path, controller.port)
    try:
        result = send(config)
        assert delivered(relay) == [ADA]
        failed = {d.address: d.error for d in result.failed}
        assert "421 4.3.2" in (failed[BO] or "") and failed[REJECTED] == "not tried"
        state = recipients_state(tmp_path / "state.sqlite")
        assert state == {ADA: ("sent", 1), BO: ("failed", 1), REJECTED: ("pending", 0)}
        # the relay is back: the rerun mails only those who have not had it
        relay.mail.clear()
        again = send(config, issue=1, days=None)
        assert sorted(delivered(relay)) == [ADA, BO, REJECTED]
        assert [d.address for d in again.sent] == [BO, REJECTED]
    finally:
        controller.stop()


def test_a_hang_up_after_data_is_retried_once_with_the_same_message_id(tmp_path: Path) -> None:
    relay = Relay(data=["", "drop"])
    controller = serve(relay)
    try:
        result = send(write_project(tmp_path, controller.port))
    finally:
        controller.stop()
    assert [d.address for d in result.sent] == [ADA, BO, REJECTED]
    assert delivered(relay) == [ADA, BO, REJECTED]


def test_hang_ups_every_time_are_not_recorded_as_sent(tmp_path: Path) -> None:
    relay = Relay(data=["drop"] * 10)
    controller = serve(relay)
    try:
        result = send(write_project(tmp_path, controller.port))
    finally:
        controller.stop()
    assert result.sent == [] and relay.messages == []
    state = recipients_state(tmp_path / "state.sqlite")
    assert state[ADA] == ("failed", 1) and state[BO][0] != "sent"


def test_a_greylisting_relay_says_the_failure_is_temporary(tmp_path: Path) -> None:
    relay = Relay(reject=())
    relay.reject = {BO}
    controller = serve(relay)

    async def greylist(server, session, envelope, address, rcpt_options):
        if address == BO:
            return "450 4.7.1 <bo@example.org>: Recipient address rejected: Greylisted"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    relay.handle_RCPT = greylist  # type: ignore[method-assign]
    try:
        result = send(write_project(tmp_path, controller.port))
    finally:
        controller.stop()
    (failed,) = result.failed
    assert failed.address == BO and "temporary" in (failed.error or "")
    assert sorted(delivered(relay)) == [ADA, REJECTED]


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize("smtputf8", [True, False])
def test_internationalised_addresses(tmp_path: Path, smtputf8: bool) -> None:
    relay = Relay()
    controller = serve(relay, enable_SMTPUTF8=smtputf8)
    try:
        config = write_project(tmp_path, controller.port)
        (tmp_path / "subscribers.csv").write_text(
            "email\nuser@bücher.example\njosé@example.org\nada@example.org\n", encoding="utf-8"
        )
        result = send(config)
    finally:
        controller.stop()
    # an internationalised domain travels in its ASCII form: no SMTPUTF8 needed (old: failed)
    assert "user@xn--bcher-kva.example" in delivered(relay)
    idn = next(m for _, (r,), m in relay.messages if r == "user@xn--bcher-kva.example")
    assert idn["To"] == "user@xn--bcher-kva.example"
    if smtputf8:
        assert "josé@example.org" in delivered(relay)
        _, _, message = next(m for m in relay.messages if m[1] == ["josé@example.org"])
        assert message["To"] == "josé@example.org"  # UTF-8 as it is, not an encoded word
    else:
        (failed,) = result.failed
        assert failed.address == "josé@example.org" and "SMTPUTF8" in (failed.error or "")
    assert ADA in delivered(relay)


def test_recipient_lines_that_are_not_one_address() -> None:
    listed = parse_recipients(
        "a@example.org, b@example.org\n"  # old: taken for a CSV header: the whole file failed
        "c@example.org\n"
        "u@ex ample.org\n"  # old: mailed u@example.org
        "d@example.org # left in June\n"  # old: mailed d@example.org#leftinJune
        "e@example..org\n.f@example.org\ng@exa_mple.org\n"
        "h@example.org\u200b\n"  # a zero-width space pasted from a web page
        "user@bücher.example\nuser@xn--bcher-kva.example\n",  # one mailbox, written twice
        "subs.txt",
    )
    assert listed.addresses == ("c@example.org", "h@example.org", "user@bücher.example")
    assert [p.split(":")[0] for p in listed.problems] == [
        f"subs.txt, line {n}" for n in (1, 3, 4, 5, 6, 7)
    ]
    assert "more than one address" in listed.problems[0]


# ---------------------------------------------------------------- what mail apps see


def test_the_eml_is_a_valid_message_with_unicode_long_headers_and_long_lines(
    tmp_path: Path,
) -> None:
    long_address = "firstname.middlename.lastname@subdomain.example.org"
    config_path = write_project(
        tmp_path, 25,
        **{"from": "Nachrichten Übersicht <digest@example.org>",
           "to": f"Zoë Ärger <{long_address}>",
           "subject": "{title} — Wöchentliche Übersicht Nummer {number} mit vielen "
                      "Geschichten: {top_headline}",
           "unsubscribe_url": "https://news.example.org/newsletter/unsubscribe?email={email}"
                              "&list=weekly-digest"},
    )
    text = config_path.read_text(encoding="utf-8").replace(
        'title = "Test Digest"', 'title = "Tëst Digest, Wöchentlich"'
    )
    config_path.write_text(text, encoding="utf-8")
    config = load_config(config_path)
    result = run_newsletter(config, NewsletterOptions(now=to_utc(NOW), days=30),
                            env=NO_CREDENTIALS)
    assert result.eml is not None and result.issue is not None
    data = result.eml.read_bytes()
    assert data.isascii()  # 7-bit: every relay and mail app takes it
    head = data.split(b"\n\n", 1)[0].decode("ascii")
    # folded headers, QP bodies; only a URL in a list header, which must stay whole, is longer
    long = [line for line in data.splitlines() if len(line) > 78]
    assert all(b"https://" in line and len(line) <= 998 for line in long), long

    # the unsubscribe URLs are written literally (old: a long one became encoded words,
    # which one-click unsubscribe does not decode)
    url = f"https://news.example.org/newsletter/unsubscribe?email={long_address}" \
          "&list=weekly-digest"
    assert f"<{url}>" in head
    assert "<mailto:unsubscribe@example.org?subject=unsubscribe>" in head
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in head
    # List-Id: an encoded word is never inside quotes (old: `=?utf-8?q?=22T...?= Digest"`)
    list_id = re.search(r"^List-Id: (.*(?:\n .*)*)", head, re.M)
    assert list_id is not None and '"' not in list_id.group(1)

    message = parse(data)
    assert message["Subject"] == result.issue.subject
    assert message["From"].addresses[0].display_name == "Nachrichten Übersicht"
    assert message["To"].addresses[0].display_name == "Zoë Ärger"
    assert str(message["List-Id"]) == "Tëst Digest, Wöchentlich <news.example.org>"
    assert message["List-Unsubscribe"].startswith(f"<{url}>,")
    assert message["Message-ID"] and message["Date"].datetime is not None
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    text_part, html_part = parts(message)
    assert "Issue #1" in html_part and "issue #1" in text_part


def test_an_html_line_over_998_characters_is_quoted_printable(tmp_path: Path) -> None:
    from email.policy import default

    from digest.newsletter import Rendered, build_message

    config = load_config(write_project(tmp_path, 25))
    with Store(tmp_path / "state.sqlite") as store:
        from digest.newsletter import compose_issue

        issue = compose_issue(config, store, to_utc(NOW), since=to_utc("2026-10-01T00:00:00Z"))
    assert issue is not None
    html = "<p>" + "word " * 600 + "</p><p>" + "x" * 3000 + "</p>"
    message = build_message(config, issue, Rendered(html, "text"), ADA, to_utc(NOW))
    data = message.as_bytes(policy=default.clone(linesep="\r\n"))
    assert max(len(line) for line in data.split(b"\r\n")) <= 78
    assert parts(parse(data))[1].rstrip() == html
