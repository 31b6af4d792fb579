"""`flask --app app esop …` commands for security media: accounts, OTP, cards, one-time numbers, unlocks."""
from __future__ import annotations

import click


def _member(user_id: str):
    from ..models.member import member_by_user_id
    member = member_by_user_id(user_id)
    if member is None:
        raise click.ClickException(f"no member with ID {user_id!r}")
    return member


def register(group) -> None:
    from .issuance import IssueError

    @group.command("add-account")
    @click.argument("user_id")
    @click.argument("number")
    @click.option("--label", default="", help='e.g. "[대출 모계좌]"')
    @click.option("--primary", is_flag=True, help="주거래 account")
    @click.password_option("--password", prompt="4-digit account password", help="asked for when omitted")
    def add_account(user_id, number, label, primary, password):
        """Create a deposit account (예수금계좌) with its 4-digit online password."""
        from .issuance import create_account
        try:
            account = create_account(_member(user_id), number, password, label=label, primary=primary)
        except IssueError as err:
            raise click.ClickException(str(err))
        from ..models.media import mask_account
        click.echo(f"account {mask_account(account.number)} {label} created for {user_id}")

    @group.command("issue-otp")
    @click.argument("user_id")
    @click.option("--digits", default=6, type=int, show_default=True)
    @click.option("--smart", is_flag=True, help="a 스마트OTP (IC card tapped on the phone) instead of an OTP단말기")
    def issue_otp_cmd(user_id, digits, smart):
        """Issue an OTP device (retires the member's earlier one); prints the serial."""
        from flask import current_app

        from .issuance import issue_otp
        try:
            device, secret = issue_otp(_member(user_id), digits=digits, kind="smart" if smart else "otp")
        except IssueError as err:
            raise click.ClickException(str(err))
        click.echo(f"{'스마트OTP' if smart else 'OTP'} serial {device.serial} issued to {user_id}")
        if current_app.config["SANDBOX"]:
            # Only a sandbox device has a secret anyone should see: load it into an authenticator app.
            click.echo(f"sandbox TOTP secret (shown once): {secret}")

    @group.command("issue-card")
    @click.argument("user_id")
    def issue_card_cmd(user_id):
        """Issue a security card (보안카드); prints it once — hand it to the member, keep no copy."""
        from .issuance import issue_card, render_card
        _, serial, codes = issue_card(_member(user_id))
        click.echo(render_card(serial, codes))

    @group.command("issue-onetime")
    @click.argument("user_id")
    @click.option("--digits", default=8, type=int, show_default=True)
    @click.option("--days", default=7, type=int, show_default=True, help="valid for this many days")
    def issue_onetime_cmd(user_id, digits, days):
        """Issue a 1회용 인증번호 at a branch; prints it once."""
        from .issuance import issue_onetime
        try:
            code = issue_onetime(_member(user_id), digits=digits, days=days)
        except IssueError as err:
            raise click.ClickException(str(err))
        click.echo(f"1회용 인증번호 for {user_id}: {code} (valid {days} days, single use)")

    @group.command("unlock-media")
    @click.argument("user_id")
    @click.option("--kind", type=click.Choice(["all", "account", "otp", "card"]), default="all", show_default=True)
    def unlock_media_cmd(user_id, kind):
        """Lift locked counters (account password, OTP, security card) after checking the member's identity."""
        from .issuance import unlock_media
        done = unlock_media(_member(user_id), kind)
        click.echo(f"unlocked for {user_id}: " + (", ".join(done) if done else "nothing was locked"))

    @group.command("media")
    @click.argument("user_id")
    def media_cmd(user_id):
        """List a member's security media and their lock state (no secrets)."""
        from ..models.media import accounts_of, mask_account, OtpDevice, SecurityCard
        member = _member(user_id)
        for a in accounts_of(member):
            click.echo(f"account #{a.id} {mask_account(a.number)} {a.label}{' 주거래' if a.is_primary else ''}"
                       f" failures={a.failures}{' LOCKED' if a.locked else ''}")
        for d in OtpDevice.select().where(OtpDevice.member == member):
            click.echo(f"otp #{d.id} {d.serial} {d.status} failures={d.failures}{' LOCKED' if d.locked else ''}")
        for c in SecurityCard.select().where(SecurityCard.member == member):
            click.echo(f"card #{c.id} ***{c.serial[-3:]} {c.status} failures={c.failures}{' LOCKED' if c.locked else ''}")
