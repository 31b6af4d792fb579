"""인증센터: CA keys, challenges, proofs, registered certificates, sandbox cloud wallets, cert flows."""
from ..models.cert import CertAuthority, CertChallenge, CertProof, RegisteredCertificate
from ..models.certcloud import CloudDevice, CloudLink, CloudWallet, WalletCertificate
from ..models.certflow import CertFlow


def apply(migrator, database):
    database.create_tables([CertAuthority, CertChallenge, CertProof, RegisteredCertificate, CloudWallet,
                            WalletCertificate, CloudLink, CloudDevice, CertFlow], safe=True)
