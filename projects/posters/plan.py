"""The poster session's arithmetic, without the database: board numbers, gallery-walk groups, the rotation plan.

`projects.posters.services.assign_boards_and_groups` stores what these compute; the plan page recomputes the rotation
from what is stored, so these stay pure and are tested on their own (tests/projects/posters/test_poster_session.py).
"""

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


def number_boards(current: Sequence[tuple[Hashable, int | None]]) -> dict[Hashable, int]:
    """Boards 1..N for N posters given as (key, current board or None), in the order that fills gaps.

    A poster keeps its board when it is still within 1..N (so printed labels stay right after a late
    acceptance or a decline); the others take the free numbers, lowest first, in the given order.
    """
    count = len(current)
    boards: dict[Hashable, int] = {}
    for key, number in current:
        if number is not None and 1 <= number <= count and number not in boards.values():
            boards[key] = number
    free = iter(sorted(set(range(1, count + 1)) - set(boards.values())))
    for key, _number in current:
        if key not in boards:
            boards[key] = next(free)
    return boards


def split_into_groups(visitors: Sequence, *, size: int) -> list[list]:
    """Visitors dealt into ceil(V / size) groups, none larger than `size`, sizes differing by at most one.

    Dealt in turn (1st to group 1, 2nd to group 2, ...): callers sort by school, so colleagues from the same
    school end up in different groups and meet other schools' posters together with other people.
    """
    if size < 1:
        raise ValueError("group size must be at least 1")
    if not visitors:
        return []
    groups: list[list] = [[] for _ in range(math.ceil(len(visitors) / size))]
    for position, visitor in enumerate(visitors):
        groups[position % len(groups)].append(visitor)
    return groups


@dataclass(frozen=True)
class Round:
    """One round of the gallery walk: when, and at which board each group stands (`boards[g - 1]` for group g)."""

    number: int
    start: datetime
    end: datetime
    boards: tuple[int, ...]


def groups_outnumber_boards(*, groups: int, boards: int) -> bool:
    """More groups than boards: in every round some groups share a board (the organiser should make groups larger
    or accept more posters)."""
    return boards > 0 and groups > boards


def rotation_plan(*, boards: int, groups: int, start: datetime, minutes: int) -> list[Round]:
    """N rounds of `minutes` each from `start`: in round r, group g stands at board ((g + r) mod N) + 1,
    r and g counted from 0 (so in round 1, group 1 is at board 1). Every group visits every board once;
    while groups <= boards, no two groups share a board in a round."""
    if boards < 1 or groups < 1:
        return []
    step = timedelta(minutes=minutes)
    return [
        Round(
            number=r + 1,
            start=start + r * step,
            end=start + (r + 1) * step,
            boards=tuple((g + r) % boards + 1 for g in range(groups)),
        )
        for r in range(boards)
    ]
