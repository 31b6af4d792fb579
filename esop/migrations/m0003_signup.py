"""Sign-up: documents and the consent ledger, wizard flows, one-time codes."""
from ..models.consent import ConsentRecord, Document
from ..models.flow import SignupFlow
from ..models.verify import OneTimeCode


def apply(migrator, database):
    database.create_tables([Document, ConsentRecord, SignupFlow, OneTimeCode], safe=True)
