"""Forum pages. Every action is a plain form post and a redirect; the live client only adds speed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from forums import emails, markup, mentions, protocol, selectors, services
from forums.forms import (
    AnnouncementForm,
    EditPostForm,
    FeedbackForm,
    FeedbackReplyForm,
    FlagForm,
    NotificationSettingsForm,
    PostForm,
    SearchForm,
    ThreadForm,
)
from forums.models import Feedback, Post
from network.events import selectors as event_selectors


def _visible_board(request, slug):
    board = get_object_or_404(selectors.visible_boards(viewer=request.user), slug=slug)
    return board


def _visible_thread(request, pk):
    return get_object_or_404(selectors.visible_threads(viewer=request.user), pk=pk)


def _visible_post(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("thread", "thread__board", "thread__board__group", "author"), pk=pk
    )
    if not selectors.can_read_thread(user=request.user, thread=post.thread):
        raise Http404
    return post


def board_list(request):
    """Boards the viewer may see: themes, their groups' private boards, event boards."""
    services.ensure_group_boards(groups=selectors.list_groups_without_board(viewer=request.user))
    boards = list(selectors.list_boards(viewer=request.user))
    return render(request, "forums/board_list.html", {"boards": boards})


def board_detail(request, slug):
    board = _visible_board(request, slug)
    threads = Paginator(selectors.list_threads(board=board, viewer=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/board_detail.html",
        {
            "board": board,
            "threads": threads,
            "can_post": selectors.can_post_in_board(user=request.user, board=board),
        },
    )


@login_required
def thread_create(request, slug):
    board = _visible_board(request, slug)
    if not selectors.can_post_in_board(user=request.user, board=board):
        raise PermissionDenied
    form = ThreadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            thread = services.create_thread(
                board=board,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                image=form.cleaned_data.get("image"),
                throttle=True,
            )
        except services.RateLimited as error:
            form.add_error(None, str(error.message))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(thread)
    return render(
        request, "forums/thread_form.html", {"board": board, "form": form}, status=400 if form.errors else 200
    )


def _thread_page(request, thread, *, form=None, status=200):
    posts = Paginator(selectors.list_posts(thread=thread, viewer=request.user), selectors.POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = list(posts.object_list)
    last_seen = services.record_visit(
        user=request.user, thread=thread, last_post_id=max((p.pk for p in shown), default=0)
    )
    shown = selectors.prepare_posts(shown, viewer=request.user, thread=thread, last_seen_post_id=last_seen)
    may_reply = selectors.can_reply(user=request.user, thread=thread)
    if form is None and may_reply:
        initial = {}
        quoted_id = request.GET.get("quote", "")
        if quoted_id.isdigit():
            quoted = (
                Post.objects.filter(pk=quoted_id, thread=thread, is_deleted=False, is_hidden=False)
                .select_related("author")
                .first()
            )
            if quoted:
                initial["body"] = markup.quote(author=quoted.author, text=quoted.body)
        form = PostForm(initial=initial, mention_choices=_mention_choices(request, thread))
    return render(
        request,
        "forums/thread_detail.html",
        {
            "thread": thread,
            "board": thread.board,
            "posts": posts,
            "shown_posts": shown,
            "form": form,
            "can_reply": may_reply,
            "can_moderate": selectors.can_moderate_board(user=request.user, board=thread.board),
            "viewer_roles": selectors.viewer_roles(user=request.user, thread=thread),
            "following": selectors.is_following(user=request.user, thread=thread),
            "ws_path": protocol.thread_path(thread.pk, get_language()),
            "last_seq": selectors.last_seq(thread=thread),
            "is_last_page": not posts.has_next(),
        },
        status=status,
    )


def _mention_choices(request, thread):
    return mentions.list_mention_candidates(thread=thread, viewer=request.user)


def thread_detail(request, pk):
    return _thread_page(request, _visible_thread(request, pk))


@login_required
@require_POST
def post_create(request, pk):
    thread = _visible_thread(request, pk)
    if not selectors.can_reply(user=request.user, thread=thread):
        raise PermissionDenied
    form = PostForm(request.POST, request.FILES, mention_choices=_mention_choices(request, thread))
    if form.is_valid():
        try:
            post = services.create_post(
                thread=thread,
                author=request.user,
                body=form.cleaned_data["body"],
                client_token=form.cleaned_data.get("client_token"),
                image=form.cleaned_data.get("image"),
                throttle=True,
            )
        except services.RateLimited as error:
            form.add_error(None, str(error.message))
        except ValidationError as error:
            form.add_error("body", error)
        else:
            return redirect(_location(post))
    # A refused reply keeps what was typed.
    return _thread_page(request, thread, form=form, status=429 if _rate_limited(form) else 400)


def _rate_limited(form) -> bool:
    return str(services.RateLimited.message) in form.non_field_errors()


def _location(post) -> str:
    """The thread page `post` is on, scrolled to it."""
    page = selectors.page_number_of(post=post)
    url = reverse("forums:thread_detail", args=[post.thread_id])
    return f"{url}?page={page}#post-{post.pk}" if page > 1 else f"{url}#post-{post.pk}"


def post_link(request, pk):
    """A permalink: the thread page the post is on, scrolled to it."""
    return redirect(_location(_visible_post(request, pk)))


@login_required
def post_edit(request, pk):
    post = _visible_post(request, pk)
    if not selectors.can_edit_post(user=request.user, post=post):
        raise PermissionDenied
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    if form.is_valid():
        try:
            services.edit_post(post=post, editor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_location(post))
    return render(request, "forums/post_edit.html", {"post": post, "form": form})


@login_required
def post_delete(request, pk):
    post = _visible_post(request, pk)
    if not selectors.can_edit_post(user=request.user, post=post):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_post(post=post, by=request.user)
        messages.success(request, _("The post is deleted."))
        return redirect(_location(post))
    return render(request, "forums/post_delete.html", {"post": post})


@login_required
@require_POST
def post_helpful(request, pk):
    post = _visible_post(request, pk)
    services.toggle_helpful(post=post, user=request.user)
    return redirect(_location(post))


@login_required
def post_flag(request, pk):
    post = _visible_post(request, pk)
    if not selectors.can_flag_post(user=request.user, post=post):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            services.flag_post(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        except services.FlagRateLimited as error:
            form.add_error(None, str(error.message))  # a refused report keeps what was typed
            status = 429
        else:
            messages.success(request, _("Thank you. The moderators will look at this post."))
            return redirect(_location(post))
    return render(request, "forums/post_flag.html", {"post": post, "form": form}, status=status)


@login_required
def post_history(request, pk):
    """Earlier versions of an edited post, for the board's moderators."""
    post = _visible_post(request, pk)
    if not selectors.can_moderate_board(user=request.user, board=post.thread.board):
        raise PermissionDenied
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forums/post_history.html", {"post": post, "revisions": revisions})


@login_required
@require_POST
def post_moderate(request, pk):
    post = _visible_post(request, pk)
    action = request.POST.get("action")
    if action in ("hide", "restore"):
        services.set_post_hidden(post=post, by=request.user, hidden=action == "hide")
        messages.success(request, _("The post is hidden.") if action == "hide" else _("The post is visible again."))
    elif action == "dismiss":
        services.dismiss_flags(post=post, by=request.user)
        messages.success(request, _("The reports are dismissed."))
    else:
        raise Http404
    return redirect(request.POST.get("next") == "queue" and reverse("forums:moderation") or _location(post))


@login_required
@require_POST
def thread_lock(request, pk):
    thread = _visible_thread(request, pk)
    locked = request.POST.get("locked") == "1"
    services.set_thread_locked(thread=thread, by=request.user, locked=locked)
    messages.success(request, _("The thread is locked.") if locked else _("The thread is open again."))
    return redirect(thread)


@login_required
@require_POST
def thread_follow(request, pk):
    thread = _visible_thread(request, pk)
    if request.POST.get("follow") == "1":
        services.follow_thread(user=request.user, thread=thread)
        messages.success(request, _("You will be notified of replies."))
    else:
        services.unfollow_thread(user=request.user, thread=thread)
        messages.success(request, _("You will no longer be notified of replies."))
    return redirect(thread)


@login_required
def moderation(request):
    if not selectors.can_use_moderation_queue(user=request.user):
        raise PermissionDenied
    posts = Paginator(selectors.list_moderation_queue(viewer=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "forums/moderation.html", {"posts": posts})


def search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = Paginator(selectors.search_posts(viewer=request.user, query=query), 20).get_page(request.GET.get("page"))
    return render(request, "forums/search.html", {"form": form, "query": query, "results": results})


# --- Feedback ---------------------------------------------------------------------------------------------


def feedback(request, page_id):
    """Feedback on a poster or project page, and the gallery-walk form (works on a phone, no JavaScript)."""
    page = get_object_or_404(Page.objects.select_related("owner"), pk=page_id)
    if not selectors.can_view_feedback(user=request.user, page=page):
        raise Http404
    may_give = selectors.can_give_feedback(user=request.user, page=page)
    own = selectors.get_own_feedback(page=page, user=request.user) if may_give else None
    form = FeedbackForm(request.POST or None, instance=own) if may_give else None
    back = _safe_next(request)
    if request.method == "POST":
        if not may_give:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.give_feedback(page=page, author=request.user, **form.cleaned_data)
            except services.RateLimited as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Your feedback is updated.") if own else _("Thank you for your feedback."))
                return redirect(back or reverse("forums:feedback", args=[page.pk]))
    presenter = selectors.presenter_of(page)
    is_presenter = presenter is not None and presenter.pk == request.user.pk
    return render(
        request,
        "forums/feedback_list.html",
        {
            "page_obj": page,
            "presenter": presenter,
            "feedback_items": selectors.list_feedback(page=page),
            "form": form,
            "own_feedback": own,
            "is_presenter": is_presenter,
            "reply_form": FeedbackReplyForm() if is_presenter else None,
            "next": back,
            "banner_event": selectors.event_of_feedback_page(page=page),
        },
        status=400 if form is not None and form.errors else 200,
    )


def poster_short_link(request, pk):
    """`/p/<project id>`, the link a poster's QR code carries: its feedback page in the visitor's language; a
    visitor who may not see it yet is asked to sign in (a member who still may not gets a 404 there)."""
    page = get_object_or_404(Page, pk=pk)
    if not selectors.can_view_feedback(user=request.user, page=page) and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    with translation.override(translation.get_language_from_request(request)):
        return redirect("forums:feedback", page.pk)


def _safe_next(request) -> str:
    """Where the member came from (`next`, e.g. the poster's page at the event), if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
@require_POST
def feedback_reply(request, pk):
    item = get_object_or_404(Feedback.objects.select_related("page", "author"), pk=pk)
    form = FeedbackReplyForm(request.POST)
    if form.is_valid():
        services.reply_to_feedback(feedback=item, by=request.user, text=form.cleaned_data["reply"])
        messages.success(request, _("Your answer is saved."))
    else:
        messages.error(request, _("Please write a reply."))
    return redirect(reverse("forums:feedback", args=[item.page_id]) + f"#feedback-{item.pk}")


# --- The live room of a network event ------------------------------------------------------------------------


def poster_url(*, page, presentation, back: str) -> str:
    """The poster's public page at the event (projects' gallery), else its feedback form with a way back."""
    if presentation.board_number is not None:
        try:
            return reverse(
                "projects:event_poster", kwargs={"slug": page.slug, "board_number": presentation.board_number}
            )
        except NoReverseMatch:
            pass  # the gallery is not installed here: the feedback form does the job
    return reverse("forums:feedback", args=[presentation.project_id]) + "?" + urlencode({"next": back})


def _room_context(request, page) -> dict:
    # The seq first: anything committed while the page is read is replayed after it (the client skips repeats).
    last_seq = selectors.last_room_seq(event=page)
    posters = selectors.list_room_posters(event=page)
    for presentation in posters:
        presentation.url = poster_url(page=page, presentation=presentation, back=request.path)
    return {
        "event": page,
        "posters": posters,
        "announcements": selectors.list_announcements(event=page),
        "ws_path": protocol.room_path(page.slug, get_language()),
        "last_seq": last_seq,
        "can_run": selectors.can_run_room(user=request.user, event=page),
    }


@login_required
def event_live(request, slug):
    """The organisers' live dashboard: each accepted poster's feedback count (none yet: highlighted), announcements."""
    page = event_selectors.get_event_or_404(slug=slug, any_language=True)
    if not selectors.can_run_room(user=request.user, event=page):
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None)
    if form.is_valid():
        try:
            services.announce(event=page, author=request.user, text=form.cleaned_data["text"])
        except services.RateLimited as error:
            form.add_error(None, str(error.message))
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your announcement is sent."))
            return redirect("forums:event_live", slug=slug)
    # A refused announcement keeps what was typed.
    status = (429 if _rate_limited(form) else 400) if form.errors else 200
    context = _room_context(request, page) | {"form": form}
    return render(request, "forums/event_live.html", context, status=status)


@login_required
def event_room(request, slug):
    """The participants' room: the latest announcements (live) and every poster, with a link to give feedback."""
    page = event_selectors.get_event_or_404(slug=slug, any_language=True)
    if not selectors.can_enter_room(user=request.user, event=page):
        raise PermissionDenied
    return render(request, "forums/event_room.html", _room_context(request, page))


# --- Notification settings ------------------------------------------------------------------------------------


@login_required
def notification_settings(request):
    current = selectors.notification_settings_for(user=request.user)
    form = NotificationSettingsForm(request.POST or None, instance=current)
    if form.is_valid():
        services.update_notification_settings(
            user=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("forums:notification_settings")
    return render(request, "forums/notification_settings.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients post here for one-click unsubscribe (RFC 8058)
def unsubscribe(request, token):
    try:
        signing.loads(token, salt=emails.UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(request, "forums/unsubscribe.html", {"token": token, "done": done})
