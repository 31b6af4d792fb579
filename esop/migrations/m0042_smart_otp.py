"""스마트OTP: an OTP device has a kind (otp | smart)."""
from peewee import CharField
from playhouse.migrate import migrate


def apply(migrator, database):
    # A database that m0020 built from the model classes of the time (before its DDL was frozen) has it.
    if "kind" not in {c.name for c in database.get_columns("otp_device")}:
        migrate(migrator.add_column("otp_device", "kind", CharField(default="otp")))
