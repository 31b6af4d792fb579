"""추가인증: deposit accounts, OTP devices, security cards, verification flows, sandbox ARS/transfers."""
from ..models.media import DepositAccount, OtpDevice, SecurityCard
from ..models.sandbox_verify import SandboxArsCall, SandboxTransfer
from ..models.verification import VerificationFlow


def apply(migrator, database):
    database.create_tables([DepositAccount, OtpDevice, SecurityCard, VerificationFlow,
                            SandboxArsCall, SandboxTransfer], safe=True)
