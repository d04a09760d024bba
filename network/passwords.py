"""How members' passwords are stored: Argon2id at OWASP's recommended minimum, instead of Django's PBKDF2.

At a network event 150 teachers sign in within minutes on two cores. Django's default (PBKDF2-SHA256, 1,000,000
iterations) costs about 400 ms of CPU per sign-in there, so the door queued for seconds. Argon2id with 19 MiB of
memory, 2 passes and 1 lane (OWASP Password Storage Cheat Sheet, "minimum configuration") costs about 20 ms and is
memory-hard, which PBKDF2 is not: guessing on GPUs costs more, not less. Existing PBKDF2 hashes keep working and
are re-hashed with this one at the member's next sign-in (settings.PASSWORD_HASHERS keeps the old hashers after it).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
