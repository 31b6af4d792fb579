"""마이페이지: security events (보안 알림), password history, profile drafts, withdrawals."""
from ..models.member_care import PasswordHistory, ProfileDraft, Withdrawal
from ..models.security_event import SecurityEvent


def apply(migrator, database):
    database.create_tables([SecurityEvent, PasswordHistory, ProfileDraft, Withdrawal], safe=True)
