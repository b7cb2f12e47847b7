"""`digest newsletter --send` through a relay that takes the connection and the sender but
refuses recipients at RCPT time for a reason that is not theirs ("554 5.7.1 Relay access
denied": this machine may not relay, or a login is missing).

Three recipients in a row refused with the same 5.7.x reply stop the send; the rest stay
pending for `--issue N`. A refusal of the recipient itself (550 5.1.1 unknown user) is still
reported for that recipient alone. Every server is a real aiosmtpd server on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import load_config
from digest.newsletter import NewsletterOptions, NewsletterResult, run_newsletter
from digest.util import to_utc
from tests.test_newsletter import (
    NO_CREDENTIALS,
    NOW,
    Inbox,
    recipients_state,
    serving,
    write_project,
)

RELAY_DENIED = "554 5.7.1 <{address}>: Relay access denied"


class PolicyRelay(Inbox):
    """A relay that answers each RCPT from ``rules`` (address -> reply, "{address}" filled
    in), else with ``default`` ("" accepts). Keeps every RCPT it was asked."""

    def __init__(self, default: str = "", rules: dict[str, str] | None = None) -> None:
        super().__init__(reject=())
        self.default = default
        self.rules = dict(rules or {})
        self.asked: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.asked.append(address)
        reply = self.rules.get(address, self.default)
        if reply:
            return reply.format(address=address)
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def relay():
    handler = PolicyRelay()
    with serving(handler) as port:
        yield handler, port


def project(base: Path, port: int, addresses: list[str]) -> Path:
    config = write_project(base, port)
    (base / "subscribers.csv").write_text(
        "email\n" + "".join(f"{a}\n" for a in addresses), encoding="utf-8"
    )
    return config


def send(config: Path, **options) -> NewsletterResult:
    opts = {"now": to_utc(NOW), "days": 30, "send": True, **options}
    return run_newsletter(load_config(config), NewsletterOptions(**opts), env=NO_CREDENTIALS)


def delivered(handler: Inbox) -> list[str]:
    return [rcpt for _, (rcpt,), _ in handler.messages]


SIX = [f"reader{n}@example.org" for n in range(6)]


def test_a_relay_that_denies_relaying_stops_after_three_and_says_what_to_fix(
    tmp_path: Path, relay, cli
) -> None:
    # Old: all six were tried, each failed with the same 554 5.7.1, and all six were
    # recorded as failed, with no word about the relay.
    handler, port = relay
    handler.default = RELAY_DENIED
    config = project(tmp_path, port, SIX)
    run = cli("--config", str(config), "newsletter", "--send", "--days", "30", "--now", NOW,
              env=NO_CREDENTIALS)
    assert run.returncode == 1, run.stderr  # no one got it
    assert handler.asked == SIX[:3]  # exactly three attempts
    assert handler.messages == []
    err = run.stderr
    assert (
        f'SMTP 127.0.0.1:{port}: refused 3 recipients in a row with '
        f'"554 5.7.1 <{SIX[2]}>: Relay access denied"' in err
    )
    assert "not about the recipients" in err
    fix = err[err.index("fix: "):]
    assert "[newsletter] smtp_host, smtp_port and smtp_security" in fix
    assert "relaying rules" in fix
    assert "set DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD" in fix
    assert "digest newsletter --send --issue 1" in fix
    for address in SIX[3:]:
        assert f"failed: {address}: not tried" in err
    # the reason is said again last, after the list of recipients, where it is seen
    last = err.strip().splitlines()
    assert any(line.startswith("error: SMTP 127.0.0.1") for line in last[-3:]), last[-3:]
    assert recipients_state(tmp_path / "state.sqlite") == {
        **{a: ("failed", 1) for a in SIX[:3]},
        **{a: ("pending", 0) for a in SIX[3:]},
    }


@pytest.mark.parametrize(
    ("reply", "fix_starts"),
    [
        ("550 5.7.1 Unable to relay for {address}", "check [newsletter] smtp_host"),
        ("553 5.7.1 <{address}>: Relaying denied. Proper authentication required.",
         "if the relay needs a login"),
        ("530 5.7.0 Authentication required", "if the relay needs a login"),
        ("550 relay not permitted", "check [newsletter] smtp_host"),  # Exim: no 5.7.x code
    ],
)
def test_other_relays_refusals_stop_the_same_way(
    tmp_path: Path, relay, reply: str, fix_starts: str
) -> None:
    handler, port = relay
    handler.default = reply
    result = send(project(tmp_path, port, SIX))
    assert handler.asked == SIX[:3]
    assert result.stopped is not None
    assert result.stopped.where == f"SMTP 127.0.0.1:{port}"
    assert reply.format(address=SIX[2]) in result.stopped.problem
    assert result.stopped.fix.startswith(fix_starts)
    assert "DIGEST_SMTP_USER" in result.stopped.fix
    assert {d.address: d.error for d in result.failed}[SIX[0]] == reply.format(
        address=SIX[0]
    )
    assert [a for a, (status, _) in recipients_state(tmp_path / "state.sqlite").items()
            if status == "pending"] == SIX[3:]


def test_a_rerun_after_the_relay_is_fixed_sends_only_to_those_not_yet_sent(
    tmp_path: Path, relay
) -> None:
    # A relay that takes mail for its own domain but will not relay elsewhere from here.
    handler, port = relay
    local, foreign = "ada@example.org", [f"r{n}@elsewhere.test" for n in range(4)]
    addresses = [local, *foreign[:3], "bo@example.org", foreign[3]]
    handler.rules = {a: RELAY_DENIED for a in foreign}
    config = project(tmp_path, port, addresses)
    first = send(config)
    assert first.stopped is not None and "Relay access denied" in first.stopped.problem
    assert delivered(handler) == [local]
    assert handler.asked == addresses[:4]  # bo and r3 were not tried
    state = recipients_state(tmp_path / "state.sqlite")
    assert state == {
        local: ("sent", 1),
        **{a: ("failed", 1) for a in foreign[:3]},
        "bo@example.org": ("pending", 0),
        foreign[3]: ("pending", 0),
    }

    handler.rules = {}  # the relay now relays for this machine
    again = send(config, issue=1, days=None)
    assert again.stopped is None
    assert [d.address for d in again.sent] == addresses[1:]
    assert sorted(delivered(handler)) == sorted(addresses)  # each exactly once
    assert [d.address for d in again.deliveries if d.status == "skipped"] == [local]
    assert all(status == "sent" for status, _ in
               recipients_state(tmp_path / "state.sqlite").values())

    # and once more: everyone had it, nothing goes out
    third = send(config, issue=1, days=None)
    assert third.sent == [] and len(handler.messages) == len(addresses)


def test_unknown_users_are_reported_one_by_one_and_the_others_still_get_it(
    tmp_path: Path, relay
) -> None:
    # The same relay refuses unknown users of its own domain (5.1.1: the recipient's own
    # problem, three in a row here) and relaying elsewhere (5.7.1: the relay's policy).
    handler, port = relay
    ghosts = [f"ghost{n}@example.org" for n in range(3)]
    foreign = [f"r{n}@elsewhere.test" for n in range(3)]
    handler.rules = {
        **{a: "550 5.1.1 <{address}>: Recipient address rejected: User unknown"
           for a in ghosts},
        **{a: RELAY_DENIED for a in foreign},
    }
    addresses = ["ada@example.org", *ghosts, "bo@example.org", *foreign, "cy@example.org"]
    result = send(project(tmp_path, port, addresses))
    assert delivered(handler) == ["ada@example.org", "bo@example.org"]
    failed = {d.address: d.error for d in result.failed}
    for ghost in ghosts:
        assert failed[ghost] == f"550 5.1.1 <{ghost}>: Recipient address rejected: User unknown"
    # then three relay refusals in a row stop it: cy is left for --issue 1
    assert result.stopped is not None and f"<{foreign[2]}>" in result.stopped.problem
    assert handler.asked == addresses[:-1]
    assert failed["cy@example.org"] == "not tried"
    assert recipients_state(tmp_path / "state.sqlite")["cy@example.org"] == ("pending", 0)


def test_only_the_same_policy_reply_three_times_in_a_row_stops_the_send(
    tmp_path: Path, relay
) -> None:
    # Two different 5.7.x replies (per-recipient access rules), interleaved with recipients
    # the relay takes, never stop the send: only three identical ones in a row do.
    handler, port = relay
    a = "554 5.7.1 <{address}>: Recipient address rejected: Access denied"
    b = "550 5.7.0 <{address}>: Recipient address rejected: blocked by local policy"
    pattern = [a, b, "", a, a, "", b, b, "", a, b, a, b, "", a, a, a, ""]
    addresses = [f"p{n:02d}@example.org" for n in range(len(pattern))]
    handler.rules = {addr: reply for addr, reply in zip(addresses, pattern, strict=True)
                     if reply}
    result = send(project(tmp_path, port, addresses))
    taken = [addr for addr, reply in zip(addresses, pattern, strict=True) if not reply]
    assert delivered(handler) == taken[:-1]  # every one the relay takes, up to the stop
    assert handler.asked == addresses[:-1]  # stopped at the third `a` in a row, not before
    assert result.stopped is not None
    assert "Recipient address rejected: Access denied" in result.stopped.problem
    assert [d.error for d in result.failed if d.address == addresses[-1]] == ["not tried"]
    assert recipients_state(tmp_path / "state.sqlite")[addresses[-1]] == ("pending", 0)
