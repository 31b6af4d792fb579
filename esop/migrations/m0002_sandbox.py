"""Sandbox outbox and switches."""
from ..models.sandbox import SandboxMessage, SandboxSwitch


def apply(migrator, database):
    database.create_tables([SandboxMessage, SandboxSwitch], safe=True)
