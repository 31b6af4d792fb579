"""인증센터: CA keys, challenges, proofs, registered certificates, sandbox cloud wallets, cert flows.

The tables as they were at this step (frozen DDL: later model changes come as later steps)."""
from . import run_frozen

DDL = {
    "sqlite": (
        'CREATE TABLE IF NOT EXISTS "cert_authority" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL, "cert_pem" TEXT NOT NULL, "key_pem" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certauthority_kind" ON "cert_authority" ("kind")',
        'CREATE TABLE IF NOT EXISTS "cert_challenge" ("id" INTEGER NOT NULL PRIMARY KEY, "nonce_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "expires_at" DATETIME NOT NULL, "used_at" DATETIME, "created_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certchallenge_nonce_hash" ON "cert_challenge" ("nonce_hash")',
        'CREATE TABLE IF NOT EXISTS "cert_flow" ("id" INTEGER NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "member_id" INTEGER, "step" VARCHAR(255) NOT NULL, "overseas" INTEGER NOT NULL, "country" VARCHAR(255) NOT NULL, "departure_consent_at" DATETIME, "departed" INTEGER, "verify_state" TEXT NOT NULL, "verified_at" DATETIME, "created_at" DATETIME NOT NULL, "last_seen" DATETIME NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certflow_key_hash" ON "cert_flow" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "certflow_member_id" ON "cert_flow" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "cert_proof" ("id" INTEGER NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "fingerprint" VARCHAR(64) NOT NULL, "cert_pem" TEXT NOT NULL, "binding_secret" TEXT NOT NULL, "expires_at" DATETIME NOT NULL, "used_at" DATETIME)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certproof_token_hash" ON "cert_proof" ("token_hash")',
        'CREATE TABLE IF NOT EXISTS "cloud_wallet" ("id" INTEGER NOT NULL PRIMARY KEY, "cloud" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "birth_date" DATE NOT NULL, "phone" VARCHAR(255) NOT NULL, "joined_at" DATETIME NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "cloudwallet_cloud_name_birth_date_phone" ON "cloud_wallet" ("cloud", "name", "birth_date", "phone")',
        'CREATE TABLE IF NOT EXISTS "cloud_device" ("id" INTEGER NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "wallet_id" INTEGER NOT NULL, "expires_at" DATETIME NOT NULL, "revoked_at" DATETIME, "created_at" DATETIME NOT NULL, FOREIGN KEY ("wallet_id") REFERENCES "cloud_wallet" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "clouddevice_token_hash" ON "cloud_device" ("token_hash")',
        'CREATE INDEX IF NOT EXISTS "clouddevice_wallet_id" ON "cloud_device" ("wallet_id")',
        'CREATE TABLE IF NOT EXISTS "cloud_link" ("id" INTEGER NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "cloud" VARCHAR(255) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "birth_date" DATE, "phone" VARCHAR(255) NOT NULL, "auto" INTEGER NOT NULL, "step" VARCHAR(255) NOT NULL, "device_number" VARCHAR(255) NOT NULL, "device_status" VARCHAR(255) NOT NULL, "device_tries" INTEGER NOT NULL, "device_expires_at" DATETIME, "wallet_id" INTEGER, "created_at" DATETIME NOT NULL, "last_seen" DATETIME NOT NULL, FOREIGN KEY ("wallet_id") REFERENCES "cloud_wallet" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "cloudlink_key_hash" ON "cloud_link" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "cloudlink_wallet_id" ON "cloud_link" ("wallet_id")',
        'CREATE TABLE IF NOT EXISTS "registered_certificate" ("id" INTEGER NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "fingerprint" VARCHAR(64) NOT NULL, "serial" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "issuer" VARCHAR(255) NOT NULL, "not_after" DATETIME NOT NULL, "cert_pem" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "registered_at" DATETIME NOT NULL, "ended_at" DATETIME, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "registeredcertificate_member_id" ON "registered_certificate" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "registeredcertificate_fingerprint" ON "registered_certificate" ("fingerprint")',
        'CREATE TABLE IF NOT EXISTS "wallet_certificate" ("id" INTEGER NOT NULL PRIMARY KEY, "wallet_id" INTEGER NOT NULL, "cert_pem" TEXT NOT NULL, "serial" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "issuer_label" VARCHAR(255) NOT NULL, "not_after" DATETIME NOT NULL, "salt" VARCHAR(255) NOT NULL, "sealed" TEXT NOT NULL, "pin_failures" INTEGER NOT NULL, "locked_at" DATETIME, "created_at" DATETIME NOT NULL, FOREIGN KEY ("wallet_id") REFERENCES "cloud_wallet" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "walletcertificate_wallet_id" ON "wallet_certificate" ("wallet_id")',
    ),
    "postgresql": (
        'CREATE TABLE IF NOT EXISTS "cert_authority" ("id" SERIAL NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL, "cert_pem" TEXT NOT NULL, "key_pem" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certauthority_kind" ON "cert_authority" ("kind")',
        'CREATE TABLE IF NOT EXISTS "cert_challenge" ("id" SERIAL NOT NULL PRIMARY KEY, "nonce_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "expires_at" TIMESTAMP NOT NULL, "used_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certchallenge_nonce_hash" ON "cert_challenge" ("nonce_hash")',
        'CREATE TABLE IF NOT EXISTS "cert_flow" ("id" SERIAL NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "member_id" INTEGER, "step" VARCHAR(255) NOT NULL, "overseas" BOOLEAN NOT NULL, "country" VARCHAR(255) NOT NULL, "departure_consent_at" TIMESTAMP, "departed" BOOLEAN, "verify_state" TEXT NOT NULL, "verified_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "last_seen" TIMESTAMP NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certflow_key_hash" ON "cert_flow" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "certflow_member_id" ON "cert_flow" ("member_id")',
        'CREATE TABLE IF NOT EXISTS "cert_proof" ("id" SERIAL NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "fingerprint" VARCHAR(64) NOT NULL, "cert_pem" TEXT NOT NULL, "binding_secret" TEXT NOT NULL, "expires_at" TIMESTAMP NOT NULL, "used_at" TIMESTAMP)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "certproof_token_hash" ON "cert_proof" ("token_hash")',
        'CREATE TABLE IF NOT EXISTS "cloud_wallet" ("id" SERIAL NOT NULL PRIMARY KEY, "cloud" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "birth_date" DATE NOT NULL, "phone" VARCHAR(255) NOT NULL, "joined_at" TIMESTAMP NOT NULL)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "cloudwallet_cloud_name_birth_date_phone" ON "cloud_wallet" ("cloud", "name", "birth_date", "phone")',
        'CREATE TABLE IF NOT EXISTS "cloud_device" ("id" SERIAL NOT NULL PRIMARY KEY, "token_hash" VARCHAR(64) NOT NULL, "wallet_id" INTEGER NOT NULL, "expires_at" TIMESTAMP NOT NULL, "revoked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("wallet_id") REFERENCES "cloud_wallet" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "clouddevice_token_hash" ON "cloud_device" ("token_hash")',
        'CREATE INDEX IF NOT EXISTS "clouddevice_wallet_id" ON "cloud_device" ("wallet_id")',
        'CREATE TABLE IF NOT EXISTS "cloud_link" ("id" SERIAL NOT NULL PRIMARY KEY, "key_hash" VARCHAR(64) NOT NULL, "cloud" VARCHAR(255) NOT NULL, "purpose" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "birth_date" DATE, "phone" VARCHAR(255) NOT NULL, "auto" BOOLEAN NOT NULL, "step" VARCHAR(255) NOT NULL, "device_number" VARCHAR(255) NOT NULL, "device_status" VARCHAR(255) NOT NULL, "device_tries" INTEGER NOT NULL, "device_expires_at" TIMESTAMP, "wallet_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "last_seen" TIMESTAMP NOT NULL, FOREIGN KEY ("wallet_id") REFERENCES "cloud_wallet" ("id") ON DELETE CASCADE)',
        'CREATE UNIQUE INDEX IF NOT EXISTS "cloudlink_key_hash" ON "cloud_link" ("key_hash")',
        'CREATE INDEX IF NOT EXISTS "cloudlink_wallet_id" ON "cloud_link" ("wallet_id")',
        'CREATE TABLE IF NOT EXISTS "registered_certificate" ("id" SERIAL NOT NULL PRIMARY KEY, "member_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "fingerprint" VARCHAR(64) NOT NULL, "serial" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "issuer" VARCHAR(255) NOT NULL, "not_after" TIMESTAMP NOT NULL, "cert_pem" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "registered_at" TIMESTAMP NOT NULL, "ended_at" TIMESTAMP, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "registeredcertificate_member_id" ON "registered_certificate" ("member_id")',
        'CREATE INDEX IF NOT EXISTS "registeredcertificate_fingerprint" ON "registered_certificate" ("fingerprint")',
        'CREATE TABLE IF NOT EXISTS "wallet_certificate" ("id" SERIAL NOT NULL PRIMARY KEY, "wallet_id" INTEGER NOT NULL, "cert_pem" TEXT NOT NULL, "serial" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "issuer_label" VARCHAR(255) NOT NULL, "not_after" TIMESTAMP NOT NULL, "salt" VARCHAR(255) NOT NULL, "sealed" TEXT NOT NULL, "pin_failures" INTEGER NOT NULL, "locked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("wallet_id") REFERENCES "cloud_wallet" ("id") ON DELETE CASCADE)',
        'CREATE INDEX IF NOT EXISTS "walletcertificate_wallet_id" ON "wallet_certificate" ("wallet_id")',
    ),
}


def apply(migrator, database):
    run_frozen(database, DDL)
