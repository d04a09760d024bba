"""Reads for mentions by display name: whom a member may pick, and whom a post's `@…` names (forums.markup)."""

from django.db.models import Q

from forums.models import Thread
from forums.selectors import can_read_thread
from network import selectors as network
from network.models import User

MAX_MENTIONS = 20  # a post mentions a few people, not a mailing list


def list_mention_candidates(*, thread: Thread | None, viewer: User, limit: int = 200) -> list[User]:
    """Whom `viewer` may pick to mention, by display name: the thread's participants and the members (and
    facilitator) of the board's group, or on a public board of the viewer's own groups; active members who may read
    the thread (one query), never the viewer. By name: the reply form's picker and its autocomplete list them."""
    if not viewer.is_authenticated or thread is None:
        return []
    board = thread.board
    if board.group_id:  # a private board: who may read it (forums.selectors.can_read_board), without a query each
        group = board.group_id
        admins_here = Q(is_superuser=True, forum_posts__thread=thread)
        who = Q(memberships__group_id=group) | Q(facilitated_groups=group) | admins_here
    else:
        groups = list(network.list_groups_for(user=viewer).values_list("pk", flat=True))
        who = Q(forum_posts__thread=thread) | Q(memberships__group_id__in=groups) | Q(facilitated_groups__in=groups)
    people = User.objects.filter(is_active=True).filter(who).exclude(pk=viewer.pk).distinct()
    # By name only: the picker, the autocomplete and `@word` need no more of a member than her name and id.
    return list(people.only("pk", "display_name", "username").order_by("display_name", "pk")[:limit])


def resolve_mentions(*, ids: set[int], words: set[str], thread: Thread, author: User) -> dict:
    """The members a post names: `@[Name](id)` tokens by id, `@word` by display name among the author's candidates
    (`list_mention_candidates`: the whole name without spaces, or the first name, when exactly one matches), else an
    old-style username. Only members who may read the thread; at most MAX_MENTIONS. Returns {key: User} with the id
    (int) or the case-folded word as key, as forums.markup.render expects."""
    found: dict = {}
    by_id = User.objects.filter(pk__in=list(ids)[:MAX_MENTIONS], is_active=True)
    found.update({user.pk: user for user in by_id if can_read_thread(user=user, thread=thread)})
    words = set(list(words)[:MAX_MENTIONS])
    if words:
        candidates = list_mention_candidates(thread=thread, viewer=author)
        for word in words:
            named = [user for user in candidates if _answers_to(user.display_name, word)]
            if len(named) == 1:
                found[word] = named[0]
        rest = words - set(found)
        if rest:
            for user in User.objects.filter(username__in=rest, is_active=True):
                if can_read_thread(user=user, thread=thread):
                    found[user.username.casefold()] = user
    return found


def _answers_to(display_name: str, word: str) -> bool:
    """`@word` names someone called `display_name`: her whole name without spaces, or her first name."""
    parts = (display_name or "").casefold().split()
    return bool(parts) and word in ("".join(parts), parts[0])
