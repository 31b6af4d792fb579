"""The environment every test app and test server runs with."""
import base64

TEST_ENV = {
    "ESOP_ENV": "testing",
    "SECRET_KEY": "test-secret-key-0123456789abcdef0123456789",
    "ESOP_DATA_KEYS": "t1:" + base64.urlsafe_b64encode(b"k" * 32).decode(),
    "ESOP_INDEX_KEY": base64.urlsafe_b64encode(b"i" * 32).decode(),
    "ESOP_SANDBOX": "1",
    # Cheap hashing in tests only; production uses the OWASP floor or more.
    "ESOP_ARGON2_MEMORY_KIB": "1024",
    "ESOP_ARGON2_TIME_COST": "1",
}
