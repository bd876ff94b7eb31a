"""Reproducible sampling of case files (随机抽查, DOMAIN.md §3.3) — the exact algorithm.

Anyone holding the frozen population list and the seed can draw the same sample again, with
this program or by following these steps in Python (`random.Random`, Mersenne Twister, seeded
with the integer seed S; only `randrange` is used, whose output is fixed for a given seed):

0. **Population.** The normalised case keys (DOMAIN.md §5) of the case files in scope, sorted
   by Unicode code point; no key twice. Its fingerprint `population_sha256` is the SHA-256 of
   the UTF-8 text made of every key followed by a line feed ("\\n"), i.e. the bytes of a text
   file with one key per line — `sha256sum` of such a file gives the same value.
1. **Size.** `--n N` as given; `--fraction F` (0 < F ≤ 1) gives n = ⌊F·N + ½⌋ computed exactly
   on the decimal F (half rounds up), and at least 1 when N > 0. n > N is refused.
2. **Simple random** (`simple`): rng = Random(S); list i = [0 … N−1]; for j = 0 … n−1:
   k = rng.randrange(j, N), swap i[j] and i[k] (a partial Fisher–Yates shuffle). The sample is
   the keys at positions i[0 … n−1], listed in population order.
3. **Stratified by unit** (`--by-unit`): strata are the units' names (cases without a unit form
   the stratum "（未填执法单位）"), sorted by code point. Quotas q_h = n·N_h/N (exact fractions);
   each stratum gets ⌊q_h⌋, and the n − Σ⌊q_h⌋ left over go one each to the strata with the
   largest remainders q_h − ⌊q_h⌋ (ties: larger N_h, then name). When n ≥ the number of strata,
   every stratum with no place takes one from the stratum with the largest a_h − q_h among those
   holding more than one (ties: name), strata taken in name order. Then ONE rng = Random(S)
   draws each stratum in name order with step 2 over that stratum's sorted keys.
4. **Monetary unit** (`mus`): the frame is the population's cases with a fine (fine_fen > 0) in
   population order; T = Σ fine_fen, C_i the running totals. rng = Random(S); s =
   rng.randrange(T). Hit k (k = 0 … n−1) falls on the fen at position (s + k·T)/n, i.e. on case i
   with n·C_{i−1} ≤ s + k·T < n·C_i (all integers). A case at least as large as T/n can be hit
   more than once; it is listed once, so the sample may hold fewer than n cases. A case with no
   fine can never be drawn. `frame_sha256` is the SHA-256 of "key\\tfine_fen\\n" lines.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from app.errors import UserError

NO_UNIT = "（未填执法单位）"


def lines_sha256(lines: Sequence[str]) -> str:
    """SHA-256 of the UTF-8 text with each line followed by '\\n'."""
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def size_from_fraction(fraction: float | str | Decimal, population: int) -> int:
    """n = ⌊F·N + ½⌋ on the decimal value of F; at least 1 for a non-empty population."""
    try:
        f = Fraction(Decimal(str(fraction)))
    except (InvalidOperation, ValueError):
        raise UserError(f"抽样比例「{fraction}」不是数字。") from None
    if not 0 < f <= 1:
        raise UserError(f"抽样比例应大于 0、不超过 1（例如 0.1 表示 10%），现为 {fraction}。")
    n = int(f * population + Fraction(1, 2))
    return max(n, 1) if population > 0 else 0


def check_size(n: int, population: int, what: str = "总体") -> None:
    if n < 1:
        raise UserError(f"样本量应至少为 1，现为 {n}。")
    if n > population:
        raise UserError(f"样本量 {n} 超过{what}案卷数 {population}，无法抽取。")


def simple_indices(population: int, n: int, rng: random.Random) -> list[int]:
    """Step 2: a partial Fisher–Yates shuffle; the chosen positions in ascending order."""
    idx = list(range(population))
    for j in range(n):
        k = rng.randrange(j, population)
        idx[j], idx[k] = idx[k], idx[j]
    return sorted(idx[:n])


def allocate(strata: Sequence[tuple[str, int]], n: int) -> list[int]:
    """Step 3's allocation: proportional, largest remainder, ≥ 1 per stratum when n allows."""
    total = sum(size for _, size in strata)
    quotas = [Fraction(n * size, total) if total else Fraction(0) for _, size in strata]
    alloc = [int(q) for q in quotas]
    order = sorted(range(len(strata)), key=lambda h: (-(quotas[h] - alloc[h]), -strata[h][1], strata[h][0]))
    for h in order[: n - sum(alloc)]:
        alloc[h] += 1
    if n >= len(strata):
        for h in sorted(range(len(strata)), key=lambda h: strata[h][0]):
            if alloc[h] == 0 and strata[h][1] > 0:
                donors = [d for d in range(len(strata)) if alloc[d] > 1]
                donor = min(donors, key=lambda d: (-(alloc[d] - quotas[d]), strata[d][0]))
                alloc[donor] -= 1
                alloc[h] += 1
    return alloc


def mus_indices(fines: Sequence[int], n: int, rng: random.Random) -> list[int]:
    """Step 4 over the frame's fines (all > 0): the distinct positions hit, ascending."""
    total = sum(fines)
    start = rng.randrange(total)
    chosen: list[int] = []
    i, upper = 0, n * fines[0]
    for k in range(n):
        point = start + k * total
        while point >= upper:
            i += 1
            upper += n * fines[i]
        if not chosen or chosen[-1] != i:
            chosen.append(i)
    return chosen
