"""Reads of the forums and who may do what. Every page and the live stream decide through these."""

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.translation import get_language

from forums import realtime
from forums.models import (
    Board,
    Feedback,
    Flag,
    Helpful,
    NotificationSettings,
    Post,
    PostEvent,
    RoomEvent,
    Thread,
    ThreadFollow,
)
from network import selectors as network
from network import stemming
from network.events import selectors as event_selectors
from network.models import EventPage, TeacherGroup, User
from projects import selectors as project_selectors
from projects.models import CaseStudyPage, PosterPresentation, ProjectPage
from projects.posters import selectors as poster_selectors

POSTS_PER_PAGE = 25


# --- Permissions ----------------------------------------------------------------------------------


def _member_group_ids(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_forum_group_ids"):
        user._forum_group_ids = set(network.list_groups_for(user=user).values_list("pk", flat=True))
    return user._forum_group_ids


def can_read_board(*, user: User, board: Board) -> bool:
    """Theme and event boards are public. A group's board: its members, its facilitator and admins only."""
    if board.group_id is None:
        return True
    return network.is_admin(user) or board.group_id in _member_group_ids(user)


def can_post_in_board(*, user: User, board: Board) -> bool:
    """Signed-in, active members who may read the board may start threads and reply there."""
    return bool(user.is_authenticated and user.is_active) and can_read_board(user=user, board=board)


def can_moderate_board(*, user: User, board: Board) -> bool:
    """The one moderation rule (hide, restore, lock, history, the queue): admins moderate every board; a facilitator
    moderates the boards of the groups they run and of the network events they organise (`moderated_boards`)."""
    if network.is_admin(user):
        return True
    return board.pk in _moderated_board_ids(user)


def _moderated_board_ids(user: User) -> set[int]:
    """Ids of `moderated_boards(viewer=user)`, asked once per request (a page of posts asks per post)."""
    if not network.is_facilitator(user):
        return set()
    if not hasattr(user, "_forum_moderated_board_ids"):
        user._forum_moderated_board_ids = set(moderated_boards(viewer=user).values_list("pk", flat=True))
    return user._forum_moderated_board_ids


def can_read_thread(*, user: User, thread: Thread) -> bool:
    """Whoever may read the thread's board."""
    return can_read_board(user=user, board=thread.board)


def can_reply(*, user: User, thread: Thread) -> bool:
    """Members who may post on the board, while the thread is open; moderators even when it is locked."""
    if not can_post_in_board(user=user, board=thread.board):
        return False
    return not thread.is_locked or can_moderate_board(user=user, board=thread.board)


def can_edit_post(*, user: User, post: Post) -> bool:
    """The author edits and deletes their own post (unless hidden); moderators of the board may too."""
    if not user.is_authenticated or post.is_deleted:
        return False
    if can_moderate_board(user=user, board=post.thread.board):
        return True
    return post.author_id == user.pk and not post.is_hidden


def can_see_post(*, user: User, post: Post) -> bool:
    """Whoever may read the thread sees its posts, except hidden ones (moderators only) and deleted ones (nobody)."""
    if post.is_deleted or not can_read_thread(user=user, thread=post.thread):
        return False
    return not post.is_hidden or can_moderate_board(user=user, board=post.thread.board)


def can_moderate_post(*, user: User, post: Post) -> bool:
    """Moderators of the post's board hide, restore and read the history of any post that is not deleted."""
    return not post.is_deleted and can_moderate_board(user=user, board=post.thread.board)


def can_flag_post(*, user: User, post: Post) -> bool:
    """Signed-in members other than the author report a post they see (`can_see_post`): never a deleted one, and
    a hidden one only if they moderate the board."""
    return user.is_authenticated and post.author_id != user.pk and can_see_post(user=user, post=post)


def can_mark_helpful(*, user: User, post: Post) -> bool:
    """Signed-in members other than the author mark helpful a post they see (`can_see_post`): never a deleted one,
    and a hidden one only if they moderate the board. The thread page offers the button exactly then."""
    return user.is_authenticated and post.author_id != user.pk and can_see_post(user=user, post=post)


def is_event_poster(page) -> bool:
    """A project page whose poster is public: an event accepted it, or its case study is published."""
    specific = page.specific
    return isinstance(specific, ProjectPage) and poster_selectors.is_poster_public(project=specific)


def can_view_feedback(*, user: User, page) -> bool:
    """Feedback on a live, public page, or on a public poster (accepted at an event, or published), is public.
    A draft's (its title, its presenter) only for whoever may view its project (projects.selectors.can_view_project:
    a project page, or a case study not yet published), else for those who may edit the page in the admin; to
    anyone else it does not exist, whatever id they try."""
    if page.live or is_event_poster(page):
        return True
    if not user.is_authenticated:
        return False
    specific = page.specific
    if isinstance(specific, CaseStudyPage) and specific.project_id:
        specific = specific.project
    if isinstance(specific, ProjectPage):
        return project_selectors.can_view_project(user=user, project=specific)
    return page.permissions_for_user(user).can_edit()


def can_give_feedback(*, user: User, page) -> bool:
    """Signed-in, active members give feedback on live pages and on public posters; before a poster is public,
    whoever may view its project (group colleagues, co-leaders, the facilitator); never on a page they present
    (see `presenters_of`)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not (page.live or is_event_poster(page)):
        specific = page.specific
        if not (isinstance(specific, ProjectPage) and project_selectors.can_view_project(user=user, project=specific)):
            return False
    return user.pk not in presenters_of(page)


def can_reply_to_feedback(*, user: User, feedback: Feedback) -> bool:
    """Only the presenter of the page answers feedback on it."""
    presenter = presenter_of(feedback.page)
    return bool(user.is_authenticated and presenter is not None and presenter.pk == user.pk)


def presenter_of(page) -> User | None:
    """Who presents a page: a case study's project lead (when it has a project), the `lead` of a page type that has
    one (a project), else the page's owner."""
    specific = page.specific
    if isinstance(specific, CaseStudyPage) and specific.project_id:
        return specific.project.lead
    lead = getattr(specific, "lead", None)
    return lead if isinstance(lead, User) else page.owner


def presenters_of(page) -> set[int]:
    """Ids of everyone presenting `page`: `presenter_of`, and for a project whoever stands at its accepted posters."""
    presenter = presenter_of(page)
    ids = {presenter.pk} if presenter is not None else set()
    if isinstance(page.specific, ProjectPage):
        ids |= set(
            poster_selectors.accepted_presentations_of(project=page.specific).values_list("presenter_id", flat=True)
        )
    return ids


# --- Boards and threads -----------------------------------------------------------------------------


def visible_boards(*, viewer: User) -> QuerySet[Board]:
    """Public boards for everyone; group boards only for the group's people (all of them for admins)."""
    boards = Board.objects.select_related("group", "group__facilitator", "event_page")
    if network.is_admin(viewer):
        return boards
    return boards.filter(Q(group__isnull=True) | Q(group_id__in=_member_group_ids(viewer) or [0]))


def list_boards(*, viewer: User) -> QuerySet[Board]:
    return visible_boards(viewer=viewer).order_by("kind", "position", "title")


def visible_threads(*, viewer: User) -> QuerySet[Thread]:
    """Threads on the boards `viewer` may read, with board, group and author loaded."""
    return Thread.objects.filter(board__in=visible_boards(viewer=viewer)).select_related(
        "board", "board__group", "author"
    )


def list_threads(*, board: Board, viewer: User) -> QuerySet[Thread]:
    """Threads on `board` that `viewer` may read, newest activity first, authors loaded."""
    return visible_threads(viewer=viewer).filter(board=board).order_by("-last_post_at", "-pk")


def thread_for_stream(*, thread_id: int) -> Thread | None:
    return Thread.objects.select_related("board", "board__group").filter(pk=thread_id).first()


def is_following(*, user: User, thread: Thread) -> bool:
    """True if signed-in `user` follows `thread` (is told of new replies); never for anonymous visitors."""
    return user.is_authenticated and ThreadFollow.objects.filter(user=user, thread=thread).exists()


def last_seq(*, thread: Thread) -> int:
    """The newest event a freshly rendered page already shows (clients resume after it)."""
    return PostEvent.objects.filter(thread=thread).aggregate(seq=Max("pk"))["seq"] or 0


def stream_seq(*, thread_id: int) -> int:
    """The newest seq of a thread's stream, from the cache the announcer keeps (else the database, cached briefly).

    Asked by every open socket every ORTAQ_WS_RESYNC_SECONDS, so it must not cost a query each time. The cache may
    be behind the database (a lost write) or, after the database was re-created or restored under a live Redis,
    ahead of it: callers never take it as delivered, only as a hint to look (see `check_stream_seq`).
    """
    key = realtime.latest_seq_key(thread_id)
    seq = cache.get(key)
    if seq is None:
        seq = last_seq_of(thread_id=thread_id)
        cache.add(key, seq, 30)
    return seq


def last_seq_of(*, thread_id: int) -> int:
    """The newest seq of the thread's stream in the database (the source of truth; one index lookup)."""
    return PostEvent.objects.filter(thread_id=thread_id).aggregate(seq=Max("pk"))["seq"] or 0


def check_stream_seq(*, thread_id: int, cached: int, newest: int) -> None:
    """Discard the cached seq if the database's `newest` is behind it: a cache may lag the database, never lead
    it (else new sockets would take posts not yet made as delivered, and the stream would fall silent)."""
    if newest < cached:
        cache.set(realtime.latest_seq_key(thread_id), newest, timeout=None)


# --- Posts ------------------------------------------------------------------------------------------


def list_posts(*, thread: Thread, viewer: User) -> QuerySet[Post]:
    """Every post of `thread` in order (deleted and hidden ones render as placeholders), authors loaded,
    with `viewer_found_helpful` annotated, so a page of posts costs one query."""
    posts = Post.objects.filter(thread=thread).select_related("author", "author__school__region").order_by("pk")
    if viewer.is_authenticated:
        posts = posts.annotate(viewer_found_helpful=Exists(Helpful.objects.filter(post=OuterRef("pk"), user=viewer)))
    return posts


def prepare_posts(posts, *, viewer: User, thread: Thread, last_seen_post_id: int = 0) -> list[Post]:
    """Ask, once per post, the same predicates the views enforce (`can_edit_post`, `can_flag_post`,
    `can_mark_helpful`, `can_see_post`, `can_moderate_post`), so a page offers exactly what `viewer` may do;
    templates only read the flags."""
    may_reply = can_reply(user=viewer, thread=thread)
    prepared = []
    for post in posts:
        post.thread = thread
        own = viewer.is_authenticated and post.author_id == viewer.pk
        sees = can_see_post(user=viewer, post=post)
        post.viewer_can_edit = can_edit_post(user=viewer, post=post)
        post.viewer_can_moderate = can_moderate_post(user=viewer, post=post)
        post.viewer_can_flag = can_flag_post(user=viewer, post=post)
        post.viewer_can_mark_helpful = can_mark_helpful(user=viewer, post=post)
        post.viewer_can_quote = may_reply and sees
        post.viewer_sees_body = sees
        post.is_new = bool(last_seen_post_id and post.pk > last_seen_post_id and not own)
        post.viewer_found_helpful = getattr(post, "viewer_found_helpful", False)
        prepared.append(post)
    return prepared


def prepare_broadcast_post(post: Post, *, thread: Thread) -> Post:
    """The post as one live frame for every reader of the thread: every control any reader may get, each marked
    with who gets it (`data-for` in forums/post_item.html: author, other, moderator, replier); the page keeps only
    those its viewer's `data-*` attributes allow (set from `can_moderate_board`/`can_reply`, see `viewer_roles`),
    and every action is checked again on the server by the same predicates as `prepare_posts` (`can_edit_post`,
    `can_flag_post`, `can_mark_helpful`, `can_moderate_post`). The body of a hidden post is never broadcast: a
    moderator's socket renders that frame with `prepare_posts` (forums.frames)."""
    post.thread = thread
    visible = not post.is_deleted and not post.is_hidden
    post.viewer_can_edit = post.viewer_can_moderate = not post.is_deleted
    post.viewer_can_flag = post.viewer_can_mark_helpful = post.viewer_can_quote = visible
    post.viewer_sees_body = visible
    post.is_new = post.viewer_found_helpful = False
    return post


def viewer_roles(*, user: User, thread: Thread) -> dict:
    """What a thread page tells its script about the viewer, to keep the controls of live frames it may use."""
    return {
        "viewer": user.pk if user.is_authenticated else "",
        "moderator": can_moderate_board(user=user, board=thread.board),
        "replier": can_reply(user=user, thread=thread),
    }


def list_events_after(*, thread: Thread, after: int, limit: int = 500) -> list[PostEvent]:
    """Events of `thread` with seq > `after`, oldest first: the replay a reconnecting client needs."""
    return list(
        PostEvent.objects.filter(thread=thread, pk__gt=after)
        .select_related("post", "post__author", "post__author__school__region")
        .order_by("pk")[:limit]
    )


def list_event_ids_between(*, thread_id: int, after: int, upto: int) -> list[int]:
    """Seqs of `thread_id`'s events in (after, upto]: what an open socket checks it was sent (one index scan)."""
    events = PostEvent.objects.filter(thread_id=thread_id, pk__gt=after, pk__lte=upto)
    return list(events.order_by("pk").values_list("pk", flat=True))


def list_events_by_ids(*, thread: Thread, ids: list[int]) -> list[PostEvent]:
    """Events of `thread` among `ids`, oldest first."""
    return list(
        PostEvent.objects.filter(thread=thread, pk__in=ids)
        .select_related("post", "post__author", "post__author__school__region")
        .order_by("pk")
    )


def get_post_event(*, event_id: int) -> PostEvent | None:
    """One event of a thread's stream (a `PostEvent`, not a network event), its post and author loaded."""
    return (
        PostEvent.objects.select_related("post", "post__author", "post__author__school__region")
        .filter(pk=event_id)
        .first()
    )


def created_event_for(*, post: Post) -> PostEvent | None:
    return PostEvent.objects.filter(post=post, kind=PostEvent.Kind.CREATED).first()


def page_number_of(*, post: Post) -> int:
    """The page of its thread a post is on (for permalinks)."""
    before = Post.objects.filter(thread_id=post.thread_id, pk__lt=post.pk).count()
    return before // POSTS_PER_PAGE + 1


# --- Moderation ---------------------------------------------------------------------------------------


def moderated_boards(*, viewer: User) -> QuerySet[Board]:
    """Where `viewer` moderates (`can_moderate_board` asks this): all boards for admins; for a facilitator the boards
    of the groups they run and of the events they organise (an event's board hangs on its registration page, the
    one `network.events.selectors.can_manage_event` asks about); none for others."""
    if network.is_admin(viewer):
        return Board.objects.all()
    if network.is_facilitator(viewer):
        organised = EventPage.objects.filter(organisers=viewer).values("pk")
        events = Q(kind=Board.Kind.EVENT, event_page_id__in=organised)
        return Board.objects.filter(Q(group__facilitator=viewer) | events)
    return Board.objects.none()


def can_use_moderation_queue(*, user: User) -> bool:
    """Facilitators and admins see the queue (each only for the boards they moderate)."""
    return network.is_facilitator(user)


def list_moderation_queue(*, viewer: User) -> QuerySet[Post]:
    """Posts with open (unresolved) flags on the boards `viewer` moderates, the most recently flagged first; each
    with `open_flags` (reporters loaded, newest first), `reporter_count` and `flagged_at` (its newest open flag).
    A post nobody flagged, or whose flags are resolved, is not in the queue."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    is_open = Q(flags__resolved_at__isnull=True, flags__isnull=False)
    return (
        Post.objects.filter(thread__board__in=moderated_boards(viewer=viewer), is_deleted=False)
        .annotate(
            reporter_count=Count("flags__reporter", filter=is_open, distinct=True),
            flagged_at=Max("flags__created_at", filter=is_open),
        )
        .filter(reporter_count__gt=0)
        .select_related("author", "thread", "thread__board")
        .prefetch_related(
            Prefetch(
                "flags", queryset=open_flags.select_related("reporter").order_by("-created_at"), to_attr="open_flags"
            )
        )
        .order_by("-flagged_at", "-pk")
    )


def list_flag_moderators(*, post: Post) -> list[User]:
    """Who is told of a flag on `post`: the active members who moderate its board, admins included."""
    board = post.thread.board
    people = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(is_facilitator=True, facilitated_groups__board=board)
        | Q(is_facilitator=True, organised_events__pk=board.event_page_id or 0)
    )
    return list(people.distinct())


# --- Search ---------------------------------------------------------------------------------------------


def search_posts(*, viewer: User, query: str, language: str | None = None) -> QuerySet[Post]:
    """Posts (and thread titles) matching every word of `query` on boards `viewer` may read; never deleted or hidden.

    Inflected forms find each other and case never matters, Cyrillic included (network.stemming, in `language`,
    default the active one): PostgreSQL ranks a prefix full-text match of each word or its stem; SQLite compares
    stems computed by `ortaq_stems()` (its own LIKE folds only ASCII letters).
    """
    posts = Post.objects.filter(
        thread__board__in=visible_boards(viewer=viewer), is_deleted=False, is_hidden=False
    ).select_related("author", "thread", "thread__board")
    language = language or get_language() or "kk"
    words = stemming.WORD.findall(query or "")
    if not words:
        return posts.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("thread__title", weight="A", config="simple") + SearchVector(
            "body", weight="B", config="simple"
        )
        search = SearchQuery(stemming.tsquery(words, language), search_type="raw", config="simple")
        return (
            posts.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-pk")
        )
    posts = posts.annotate(
        stems=Func(
            Concat("thread__title", Value(" "), "body", output_field=TextField()),
            Value(language),
            function=stemming.SQLITE_STEMS,
            output_field=TextField(),
        )
    )
    for word in words:
        posts = posts.filter(stems__contains=f" {stemming.stem(word, language)}")
    return posts.order_by("-pk")


# --- Feedback and notifications --------------------------------------------------------------------------


def list_feedback(*, page) -> QuerySet[Feedback]:
    return Feedback.objects.filter(page=page).select_related("author").order_by("-created_at", "-pk")


def notification_settings_for(*, user: User) -> NotificationSettings:
    """The member's settings; an unsaved default (everything on) until they change something."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def followers_of(*, thread: Thread) -> QuerySet[User]:
    return User.objects.filter(forum_follows__thread=thread, is_active=True)


def list_groups_without_board(*, viewer: User) -> QuerySet[TeacherGroup]:
    """The viewer's teacher groups that have no private board yet."""
    return network.list_groups_for(user=viewer).filter(board__isnull=True)


def group_board_for(*, group: TeacherGroup) -> Board | None:
    return Board.objects.filter(group=group).first()


# --- The live room of a network event ---------------------------------------------------------------------------


def can_enter_room(*, user: User, event: EventPage) -> bool:
    """Signed-in, active members follow an event's live room (announcements, which posters get feedback)."""
    return bool(user.is_authenticated and user.is_active)


def can_run_room(*, user: User, event: EventPage) -> bool:
    """The event's organisers and admins see the live dashboard and make announcements."""
    return bool(user.is_authenticated) and event_selectors.can_manage_event(user=user, event=event)


def list_room_posters(*, event: EventPage) -> list[PosterPresentation]:
    """The event's accepted posters by board number, each with `feedback_count` (feedback on its project page)."""
    counts = (
        Feedback.objects.filter(page_id=OuterRef("project_id"))
        .order_by()
        .values("page_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        poster_selectors.list_event_posters(event=event)
        .select_related("project__lead")
        .annotate(feedback_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
    )


def list_feedback_on(*, pages) -> QuerySet[Feedback]:
    """Feedback on any of `pages` (a project and its case study), oldest first, with authors."""
    return Feedback.objects.filter(page__in=pages).select_related("author").order_by("created_at", "pk")


def get_own_feedback(*, page, user: User) -> Feedback | None:
    """`user`'s feedback on `page` (one per visitor), which the form offers for editing."""
    if not user.is_authenticated:
        return None
    return Feedback.objects.filter(page=page, author=user).first()


def count_feedback_given(*, user_ids) -> dict[int, int]:
    """{author id: feedback items she gave on colleagues' posters and projects} for `user_ids`, one query."""
    rows = Feedback.objects.filter(author_id__in=user_ids).values("author_id").annotate(n=Count("pk"))
    return {row["author_id"]: row["n"] for row in rows}


def count_feedback(*, page) -> int:
    return Feedback.objects.filter(page=page).count()


def list_announcements(*, event: EventPage, limit: int = 10) -> list[RoomEvent]:
    """The event's latest announcements, newest first."""
    return list(
        RoomEvent.objects.filter(event=event.registration_event, kind=RoomEvent.Kind.ANNOUNCEMENT).order_by("-seq")[
            :limit
        ]
    )


def latest_announcement(*, event: EventPage) -> RoomEvent | None:
    """The event's newest announcement while the event has not ended (what its pages show in their banner)."""
    if event.end < timezone.now():
        return None
    return (
        RoomEvent.objects.filter(event=event.registration_event, kind=RoomEvent.Kind.ANNOUNCEMENT)
        .order_by("-seq")
        .first()
    )


def event_of_feedback_page(*, page) -> EventPage | None:
    """The event a poster's feedback form belongs to: the soonest not yet ended event that accepted its poster."""
    specific = page.specific
    if not isinstance(specific, ProjectPage):
        return None
    event_ids = poster_selectors.accepted_presentations_of(project=specific).values("event_id")
    return EventPage.objects.filter(pk__in=event_ids, end__gte=timezone.now()).order_by("start").first()


def list_room_events_after(*, event_id: int, after: int, limit: int = 500) -> list[RoomEvent]:
    """Events of the room with seq > `after`, oldest first: the replay a reconnecting client needs."""
    return list(RoomEvent.objects.filter(event_id=event_id, seq__gt=after).order_by("seq")[:limit])


def last_room_seq(*, event: EventPage) -> int:
    """The newest event a freshly rendered room page already shows (clients resume after it)."""
    return RoomEvent.objects.filter(event=event.registration_event).aggregate(seq=Max("seq"))["seq"] or 0


def last_room_seq_of(*, event_id: int) -> int:
    """`last_room_seq` by the registration event's id (the live room asks it every ORTAQ_WS_RESYNC_SECONDS)."""
    return RoomEvent.objects.filter(event_id=event_id).aggregate(seq=Max("seq"))["seq"] or 0


def event_board_for(*, event: EventPage) -> Board | None:
    """The forum board of the event (any language version of it), if it has one."""
    return Board.objects.filter(kind=Board.Kind.EVENT, event_page_id=event.registration_event.pk).first()
