"""Finding ID, mobile and landline numbers however they are written.

    remove_personal_numbers(text) → text with each such number replaced by ***

People group these numbers as they please: `210102 19700101 456X`, `138-0013-8000`,
`138.0013.8000`, `1 3 8 0 0 1 3 8 0 0 0`, `(024)1234 5678`, `0411—8888888`, `+86 138 0013 8000`.
So the text is read as runs of digit groups joined by separators (spaces, dashes, dots, brackets),
and inside each run the groups that together spell a resident ID, a mobile or a landline number
are removed — the rest of the run (a date next to a phone number, say) is left as it was.
Dates (2019.3.5), amounts (5,000.00) and case numbers (〔2019〕12号) never spell one: their
separators are not in the set, or their digits do not add up to a number of that shape.
"""

from __future__ import annotations

import re

from app.domain.persons import RESIDENT_ID

REMOVED = "***"
_SEP = r"[\s\-‐‑‒–—―−﹣－~.．·•・_()（）+＋/／]"
_RUN = re.compile(rf"[(（+＋]*(?<![0-9])\d(?:{_SEP}{{0,3}}\d)*(?:[Xx](?![A-Za-z0-9]))?")
_GROUP = re.compile(r"\d+[Xx]?")
_MOBILE = re.compile(r"(?:0{0,2}86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))([1-9]\d{6,7})")
_EXTENSION = re.compile(r"[-－]")
_LONGEST = 20  # digits: nothing we look for is longer (+86 and a mobile: 13)


def _is_landline(groups: list[str]) -> bool:
    """0 + area code + 7–8 digits, the area code ending where a group ends (024-12345678) or
    lying inside the first group (02412345678) — so that 2019.03.05 2019.04 is not one."""
    digits = "".join(groups)
    m = _LANDLINE.fullmatch(digits)
    if not m:
        return False
    area = len(m.group(1))
    if len(groups[0]) >= area:
        return True
    ends, total = set(), 0
    for g in groups:
        total += len(g)
        ends.add(total)
    return area in ends


def _landline_grouping(groups: list[str]) -> bool:
    """How people group a landline: one block, every digit apart, or blocks of 3+ digits after
    the area code (024 1234 5678) — not the 2-digit months and days of a date (2019.03.05)."""
    return len(groups) == 1 or all(len(g) == 1 for g in groups) or all(len(g) >= 3 for g in groups[1:])


def _is_sensitive(groups: list[str]) -> bool:
    digits = "".join(groups).upper()
    if RESIDENT_ID.fullmatch(digits):
        return True
    if digits.endswith("X"):
        return False
    # 11 digits from 13–19 fit no date or amount, however they are grouped (138 00 13 80 00)
    return _MOBILE.fullmatch(digits) is not None or _landline_grouping(groups) and _is_landline(groups)


def _unclosed(text: str) -> bool:
    return sum(text.count(c) for c in ")）") > sum(text.count(c) for c in "(（")


def _spans(run: str) -> list[tuple[int, int]]:
    """Spans (inside `run`) of the personal numbers it contains."""
    groups = list(_GROUP.finditer(run))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(groups):
        best, length = -1, 0
        for j in range(i, len(groups)):
            length += len(groups[j].group(0))
            if length > _LONGEST:
                break
            if _is_sensitive([g.group(0) for g in groups[i:j + 1]]):
                best = j
        if best < 0:
            i += 1
            continue
        start, end = groups[i].start(), groups[best].end()
        while start > 0 and run[start - 1] in "+＋":
            start -= 1
        # "(024)1234 5678": the opening bracket goes with the number its closing one is inside
        if start > 0 and run[start - 1] in "(（" and _unclosed(run[start:end]):
            start -= 1
        while start > 0 and run[start - 1] in "+＋":
            start -= 1
        nxt = best + 1  # an extension: 024-12345678-8001
        if nxt < len(groups) and len(groups[nxt].group(0)) <= 5 and groups[nxt].group(0).isdigit() \
                and _EXTENSION.fullmatch(run[groups[best].end():groups[nxt].start()]):
            end, best = groups[nxt].end(), nxt
        spans.append((start, end))
        i = best + 1
    return spans


def _remove_in_run(m: re.Match[str]) -> str:
    run = m.group(0)
    spans = _spans(run)
    if not spans:
        return run
    out, at = [], 0
    for s, e in spans:
        out += [run[at:s], REMOVED]
        at = e
    out.append(run[at:])
    return "".join(out)


def remove_personal_numbers(text: str) -> str:
    """Resident IDs, mobiles and landlines replaced by ***, however they are grouped."""
    return _RUN.sub(_remove_in_run, text) if text else text
