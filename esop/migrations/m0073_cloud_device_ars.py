"""기기인증 by ARS (issue 16; manual 3-2 "SMS 인증이 어려운 경우 ARS 인증"): a cloud link keeps the
reference of the approval call the member asked for."""
from peewee import CharField
from playhouse.migrate import migrate


def apply(migrator, database):
    if "device_ars_ref" not in {c.name for c in database.get_columns("cloud_link")}:
        migrate(migrator.add_column("cloud_link", "device_ars_ref", CharField(default="")))
