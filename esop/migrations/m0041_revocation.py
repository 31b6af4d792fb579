"""The sandbox CAs' revocation list, answered by their OCSP responder."""
from ..models.sandbox import SandboxRevocation


def apply(migrator, database):
    database.create_tables([SandboxRevocation], safe=True)
