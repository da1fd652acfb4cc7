"""A short list of passwords of 12 characters or more that appear at the top of public
breach corpora (and the obvious variants): refused whatever their length. The list is
shipped with the project, so checking needs no network; a password is compared with its
letters lower-cased and its surrounding spaces stripped."""

from __future__ import annotations

_COMMON = frozenset(
    """
    123456789012 1234567890123 12345678901234 123456789123 1q2w3e4r5t6y 1qaz2wsx3edc
    1qaz2wsx3edc4rfv 000000000000 111111111111 121212121212 123123123123 123321123321
    abcdefghijkl abc123abc123 qwertyuiopas qwertyuiop12 qwertyuiop123 qwerty123456
    qwertyqwerty asdfghjkl123 asdfasdfasdf zxcvbnm12345 password1234 password12345
    password123! passwordpassword password1234567 p@ssw0rd1234 passw0rd1234 letmein12345
    letmeinletmein iloveyou1234 iloveyouiloveyou welcome12345 welcome123456 admin1234567
    administrator admin123admin changeme1234 changemenow! trustno1trustno1 football1234
    baseball1234 superman1234 sunshine1234 princess1234 starwars1234 monkey123456
    dragon123456 master123456 whatever1234 michael12345 jennifer1234 qwerty1234567
    correcthorsebatterystaple correct horse battery staple 1234qwerasdfzxcv
    """.replace("correct horse battery staple", "").split()
) | {"correct horse battery staple"}


def is_common(password: str) -> bool:
    return password.strip().lower() in _COMMON
