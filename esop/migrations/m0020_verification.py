"""추가인증: deposit accounts, OTP devices, security cards, verification flows, sandbox ARS/transfers.

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "deposit_account" ("id" INTEGER NOT NULL PRIMARY KEY, "failures" INTEGER NOT NULL, "locked_at" DATETIME, "created_at" DATETIME NOT NULL, "member_id" INTEGER NOT NULL, "number" TEXT NOT NULL, "number_index" VARCHAR(64) NOT NULL, "label" VARCHAR(255) NOT NULL, "is_primary" INTEGER NOT NULL, "password_hash" TEXT NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "depositaccount_member_id" ON "deposit_account" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "depositaccount_number_index" ON "deposit_account" ("number_index")',
        'CREATE TABLE IF NOT EXISTS "otp_device" ("id" INTEGER NOT NULL PRIMARY KEY, "failures" INTEGER NOT NULL, "locked_at" DATETIME, "created_at" DATETIME NOT NULL, "member_id" INTEGER NOT NULL, "serial" VARCHAR(20) NOT NULL, "secret" TEXT NOT NULL, "digits" INTEGER NOT NULL, "last_step" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "otpdevice_member_id" ON "otp_device" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "otpdevice_serial" ON "otp_device" ("serial")',
        'CREATE TABLE IF NOT EXISTS "sandbox_ars_call" ("id" INTEGER NOT NULL PRIMARY KEY, "reference" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "digits" TEXT NOT NULL, "purpose" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, "answered_at" DATETIME)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxarscall_reference" ON "sandbox_ars_call" ("reference")',
        'CREATE INDEX IF NOT EXISTS "sandboxarscall_created_at" ON "sandbox_ars_call" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "sandbox_transfer" ("id" INTEGER NOT NULL PRIMARY KEY, "reference" VARCHAR(255) NOT NULL, "bank" VARCHAR(255) NOT NULL, "account" VARCHAR(255) NOT NULL, "holder" VARCHAR(255) NOT NULL, "memo" TEXT NOT NULL, "amount" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxtransfer_reference" ON "sandbox_transfer" ("reference")',
        'CREATE INDEX IF NOT EXISTS "sandboxtransfer_created_at" ON "sandbox_transfer" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "security_card" ("id" INTEGER NOT NULL PRIMARY KEY, "failures" INTEGER NOT NULL, "locked_at" DATETIME, "created_at" DATETIME NOT NULL, "member_id" INTEGER NOT NULL, "serial" TEXT NOT NULL, "codes" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "securitycard_member_id" ON "security_card" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "verification_flow" ("id" INTEGER NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "member_id" INTEGER NOT NULL, "purpose" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "plan" TEXT NOT NULL, "chosen" TEXT NOT NULL, "passed" TEXT NOT NULL, "state" TEXT NOT NULL, "return_to" VARCHAR(255) NOT NULL, "cancel_to" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, "expires_at" DATETIME NOT NULL, "completed_at" DATETIME, "consumed_at" DATETIME, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "verificationflow_key_hash" ON "verification_flow" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "verificationflow_member_id" ON "verification_flow" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "verificationflow_purpose" ON "verification_flow" ("purpose")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "deposit_account" ("id" SERIAL NOT NULL PRIMARY KEY, "failures" INTEGER NOT NULL, "locked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "member_id" INTEGER NOT NULL, "number" TEXT NOT NULL, "number_index" VARCHAR(64) NOT NULL, "label" VARCHAR(255) NOT NULL, "is_primary" BOOLEAN NOT NULL, "password_hash" TEXT NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "depositaccount_member_id" ON "deposit_account" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "depositaccount_number_index" ON "deposit_account" ("number_index")',
        'CREATE TABLE IF NOT EXISTS "otp_device" ("id" SERIAL NOT NULL PRIMARY KEY, "failures" INTEGER NOT NULL, "locked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "member_id" INTEGER NOT NULL, "serial" VARCHAR(20) NOT NULL, "secret" TEXT NOT NULL, "digits" INTEGER NOT NULL, "last_step" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "otpdevice_member_id" ON "otp_device" ("member_id")',
        'CREATE UNIQUE INDEX IF NOT EXISTS "otpdevice_serial" ON "otp_device" ("serial")',
        'CREATE TABLE IF NOT EXISTS "sandbox_ars_call" ("id" SERIAL NOT NULL PRIMARY KEY, "reference" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "digits" TEXT NOT NULL, "purpose" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL, "answered_at" TIMESTAMP)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxarscall_reference" ON "sandbox_ars_call" ("reference")',
        'CREATE INDEX IF NOT EXISTS "sandboxarscall_created_at" ON "sandbox_ars_call" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "sandbox_transfer" ("id" SERIAL NOT NULL PRIMARY KEY, "reference" VARCHAR(255) NOT NULL, "bank" VARCHAR(255) NOT NULL, "account" VARCHAR(255) NOT NULL, "holder" VARCHAR(255) NOT NULL, "memo" TEXT NOT NULL, "amount" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "sandboxtransfer_reference" ON "sandbox_transfer" ("reference")',
        'CREATE INDEX IF NOT EXISTS "sandboxtransfer_created_at" ON "sandbox_transfer" ("created_at")',
        'CREATE TABLE IF NOT EXISTS "security_card" ("id" SERIAL NOT NULL PRIMARY KEY, "failures" INTEGER NOT NULL, "locked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "member_id" INTEGER NOT NULL, "serial" TEXT NOT NULL, "codes" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "securitycard_member_id" ON "security_card" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "verification_flow" ("id" SERIAL NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "member_id" INTEGER NOT NULL, "purpose" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "plan" TEXT NOT NULL, "chosen" TEXT NOT NULL, "passed" TEXT NOT NULL, "state" TEXT NOT NULL, "return_to" VARCHAR(255) NOT NULL, "cancel_to" VARCHAR(255) NOT NULL, "created_at" TIMESTAMP NOT NULL, "expires_at" TIMESTAMP NOT NULL, "completed_at" TIMESTAMP, "consumed_at" TIMESTAMP, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "verificationflow_key_hash" ON "verification_flow" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "verificationflow_member_id" ON "verification_flow" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "verificationflow_purpose" ON "verification_flow" ("purpose")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
