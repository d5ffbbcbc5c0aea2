"""The common-password block list: the most frequent passwords of public breach corpora.

The list ships with the maintained ``zxcvbn`` package (frequency-ranked, ~30k entries); the
policy takes the top ``size`` of them.
"""

from functools import lru_cache


@lru_cache(maxsize=4)
def common_passwords(size: int = 10_000) -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"][:size])
