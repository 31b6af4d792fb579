"""Demo certificates: the demo member holds a valid and an expired certificate in both clouds."""
from __future__ import annotations

DEMO_CERT_PIN = "135790"


def ensure_demo_certificates() -> list[str]:
    from ..adapters.certcloud import CLOUD_NAMES, sandbox_issue
    from ..demo import DEMO_USER_ID
    from ..models.certcloud import CloudWallet, WalletCertificate
    from ..models.member import member_by_user_id
    from ..rules.rrn import parse_rrn
    member = member_by_user_id(DEMO_USER_ID)
    if member is None or not member.mobile:
        return ["demo certificates: no demo member"]
    birth = parse_rrn(member.rrn[:6], member.rrn[6:]).birth_date
    out = []
    for cloud in CLOUD_NAMES:
        have = (WalletCertificate.select().join(CloudWallet)
                .where((CloudWallet.cloud == cloud) & (CloudWallet.name == member.name)
                       & (CloudWallet.birth_date == birth) & (CloudWallet.phone == member.mobile)).count())
        if have:
            out.append(f"demo certificates ({cloud}): exist")
            continue
        institution = "모의은행" if cloud == "financial" else "모의증권"
        for expired in (False, True):
            sandbox_issue(cloud=cloud, name=member.name, rrn_digits=member.rrn, phone=member.mobile,
                          pin=DEMO_CERT_PIN, expired=expired, institution=institution)
        out.append(f"demo certificates ({cloud}): valid + expired issued, PIN {DEMO_CERT_PIN}")
    return out
