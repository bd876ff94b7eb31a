"""The sampling algorithm's pure parts: fraction rounding, allocation, simple and MUS draws."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from app.errors import UserError
from app.sampling.draw import allocate, lines_sha256, mus_indices, simple_indices, size_from_fraction


@pytest.mark.parametrize("fraction, population, n", [
    ("0.1", 25, 3),     # 2.5 rounds half up
    ("0.1", 24, 2),     # 2.4 rounds down
    ("0.1", 35, 4),     # 3.5 → 4 (exact decimal, no binary-float 3.4999…)
    (0.15, 10, 2),      # 1.5 → 2
    ("0.01", 20, 1),    # 0.2 rounds to 0, but at least one case
    ("1", 7, 7),
    ("0.5", 0, 0),      # nothing to draw from
])
def test_fraction_rounds_half_up_with_at_least_one(fraction, population, n) -> None:  # type: ignore[no-untyped-def]
    assert size_from_fraction(fraction, population) == n


@pytest.mark.parametrize("bad", ["0", "-0.1", "1.5", "abc"])
def test_bad_fraction_is_refused(bad: str) -> None:
    with pytest.raises(UserError):
        size_from_fraction(bad, 10)


def test_allocation_is_proportional_with_largest_remainder() -> None:
    strata = [("甲", 50), ("乙", 30), ("丙", 20)]
    assert allocate(strata, 10) == [5, 3, 2]
    # quotas 3.5, 2.1, 1.4 → floors 3, 2, 1 and the one left goes to the largest remainder (甲)
    assert allocate([("甲", 35), ("乙", 21), ("丙", 14)], 7) == [4, 2, 1]


def test_allocation_gives_every_unit_one_when_n_allows() -> None:
    strata = [("大队", 96), ("小队", 2), ("中队", 2)]
    alloc = allocate(strata, 10)
    assert sum(alloc) == 10 and all(a >= 1 for a in alloc)
    assert alloc[0] == 8
    # fewer places than units: plain largest remainder, some unit gets none
    assert sum(allocate(strata, 2)) == 2


@pytest.mark.parametrize("seed", range(20))
def test_allocation_properties(seed: int) -> None:
    rng = random.Random(seed)
    strata = [(f"单位{i}", rng.randint(1, 60)) for i in range(rng.randint(1, 8))]
    total = sum(size for _, size in strata)
    n = rng.randint(1, total)
    alloc = allocate(strata, n)
    assert sum(alloc) == n
    assert all(0 <= a <= size for a, (_, size) in zip(alloc, strata, strict=True))
    if n >= len(strata):
        assert all(a >= 1 for a in alloc)


def test_simple_draw_is_a_function_of_the_seed() -> None:
    a = simple_indices(100, 10, random.Random(7))
    assert a == simple_indices(100, 10, random.Random(7))
    assert a != simple_indices(100, 10, random.Random(8))
    assert a == sorted(set(a)) and len(a) == 10 and all(0 <= i < 100 for i in a)
    assert simple_indices(5, 5, random.Random(1)) == [0, 1, 2, 3, 4]


def test_mus_favours_large_fines() -> None:
    fines = [100_000_00] * 5 + [1_000_00] * 95  # five cases hold ~84% of the money
    hits: Counter[int] = Counter()
    for seed in range(200):
        hits.update(mus_indices(fines, 10, random.Random(seed)))
    big = sum(hits[i] for i in range(5)) / 5
    small = sum(hits[i] for i in range(5, 100)) / 95
    assert big == 200  # at least the interval: drawn every time
    assert small < 10 and big > 10 * small


def test_mus_hits_fall_within_the_frame() -> None:
    fines = [1, 2, 3, 500, 7]
    for seed in range(50):
        chosen = mus_indices(fines, 3, random.Random(seed))
        assert 3 in chosen and chosen == sorted(set(chosen)) and all(0 <= i < 5 for i in chosen)


def test_population_hash_is_sha256_of_one_key_per_line() -> None:
    import hashlib

    assert lines_sha256(["甲〔2019〕第1号", "乙"]) == hashlib.sha256("甲〔2019〕第1号\n乙\n".encode()).hexdigest()
    assert lines_sha256([]) == hashlib.sha256(b"").hexdigest()
