"""Cryptography, password hashing, throttles, headers and log masking."""
