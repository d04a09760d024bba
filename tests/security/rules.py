"""Who may open what: the rules table the permission matrix (test_permission_matrix.py) checks.

Every named URL pattern, every Wagtail page type and every WebSocket route needs an entry here;
the matrix FAILS for one without a rule. To add a view:

1. `URL_RULES["app:name"] = rule(...)`: the outcome for each role in `ROLES` (shortcuts below);
2. if its URL has arguments, `URL_KWARGS["app:name"] = lambda world: {...}` (or a list of args),
   using objects of the `world` fixture (tests/security/conftest.py; add yours to `world.extra`);
3. a page type: `PAGE_RULES["app.Model"]` and a live instance in `world.pages["app.Model"]`;
4. a WebSocket route: `WS_RULES["ws/path/<int:id>/"]` (`ACCEPT` or a close code) and `WS_KWARGS`;
5. a form with a file field: `UPLOAD_FORMS["app.forms.FormClass"] = UploadForm(...)` (test_uploads.py posts the
   whole hostile corpus through it).

Outcomes: an HTTP status (200, 403, 404, 405), `LOGIN` (302 to the sign-in page), `ADMIN_LOGIN`
(302 to the Wagtail admin sign-in: how Wagtail refuses a member without admin access) or `AWAY`
(302 anywhere else, e.g. a signed-in member sent away from the sign-up page).
"""

from dataclasses import dataclass, field

ROLES = ("anonymous", "teacher", "other_teacher", "co_leader", "facilitator", "other_facilitator", "admin")
MEMBERS = ("teacher", "co_leader", "facilitator", "admin")  # of world.group (the admin sees every group)
OUTSIDERS = ("other_teacher", "other_facilitator")

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
LOGIN, ADMIN_LOGIN, AWAY = "login", "admin-login", "away"
ADMIN_REFUSED = "admin-refused"  # the Wagtail admin's refusal: back to the admin home with "no permission"
ACCEPT = "accept"  # WebSocket accepted
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


@dataclass(frozen=True)
class Rule:
    expect: dict
    method: str = "GET"
    data: dict = field(default_factory=dict)
    note: str = ""
    content_type: str = ""  # e.g. "application/json": `data` is sent encoded so (default: a form post)


def rule(
    default=None,
    *,
    method: str = "GET",
    note: str = "",
    data: dict | None = None,
    content_type: str = "",
    **per_role,
) -> Rule:
    """`rule(OK, anonymous=LOGIN)`: `default` for every role not named; every role must end up with an outcome."""
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}; roles are {ROLES}"
    expect = {role: per_role.get(role, default) for role in ROLES}
    missing = [role for role, outcome in expect.items() if outcome is None]
    assert not missing, f"no outcome for {missing}"
    return Rule(expect=expect, method=method, data=data or {}, note=note, content_type=content_type)


def public(outcome=OK, **per_role) -> Rule:
    return rule(outcome, **per_role)


def signed_in(outcome=OK, **per_role) -> Rule:
    """Any signed-in member; anonymous visitors go to sign in."""
    return rule(outcome, **{"anonymous": LOGIN, **per_role})


def group_only(**per_role) -> Rule:
    """Members of world.group, its facilitator and admins; others refused."""
    return rule(OK, anonymous=LOGIN, other_teacher=FORBIDDEN, other_facilitator=FORBIDDEN, **per_role)


def facilitators_only(**per_role) -> Rule:
    return rule(OK, anonymous=LOGIN, teacher=FORBIDDEN, other_teacher=FORBIDDEN, co_leader=FORBIDDEN, **per_role)


# world.extra["project"] is led by teacher with co_leader, in world.group (projects/selectors.py, its table).
def project_viewers(outcome=OK, **per_role) -> Rule:
    """View: leaders, the group's members and facilitator, admins."""
    return rule(outcome, anonymous=LOGIN, other_teacher=FORBIDDEN, other_facilitator=FORBIDDEN, **per_role)


def project_editors(outcome=OK, **per_role) -> Rule:
    """Edit: the lead, co-leaders and admins; the facilitator comments and reviews but does not edit."""
    return rule(
        outcome,
        anonymous=LOGIN,
        other_teacher=FORBIDDEN,
        facilitator=FORBIDDEN,
        other_facilitator=FORBIDDEN,
        **per_role,
    )


def project_insiders(outcome=OK, **per_role) -> Rule:
    """Evidence files and private comments: leaders, the group's facilitator, admins."""
    return rule(outcome, anonymous=LOGIN, other_teacher=FORBIDDEN, other_facilitator=FORBIDDEN, **per_role)


# world.extra["event"] is organised by facilitator (network/events/selectors.py: can_manage_event).
def event_organisers(outcome=OK, **per_role) -> Rule:
    """The event's organising facilitators and admins; other facilitators and teachers refused."""
    return rule(
        outcome,
        anonymous=LOGIN,
        teacher=FORBIDDEN,
        other_teacher=FORBIDDEN,
        co_leader=FORBIDDEN,
        other_facilitator=FORBIDDEN,
        **per_role,
    )


# world.extra["group_board"] is world.group's private board; group_thread/group_post are teacher's there.
def group_board(outcome=OK, **per_role) -> Rule:
    """A group board's thread or post: members, the group's facilitator and admins; outsiders (and visitors, where
    the view does not ask them to sign in first) get 404."""
    return rule(
        outcome,
        **{"anonymous": NOT_FOUND, "other_teacher": NOT_FOUND, "other_facilitator": NOT_FOUND, **per_role},
    )


def guests_only(**per_role) -> Rule:
    """allauth pages for visitors who are not signed in: members are sent on (to LOGIN_REDIRECT_URL)."""
    return rule(AWAY, anonymous=OK, **per_role)


MISSING = "0" * 6 + "9"  # an id nothing has

# --- HTTP ---------------------------------------------------------------------------------------------------------
URL_RULES: dict[str, Rule] = {
    # Operations (CONTRACT.md): open to everyone, never personal.
    "healthz": public(),
    "robots_txt": public(),
    "sitemap": public(),
    "set_language": public(AWAY, method="POST", data={"language": "ru", "next": "/ru/"}),
    # Public site
    "cms:search": public(),
    # Network
    "network:notification_list": signed_in(),
    "network:notifications_mark_read": signed_in(AWAY, method="POST"),
    "network:group_detail": group_only(),
    # The invite link is the permission: any signed-in member who has it may see the join page.
    "network:group_join": signed_in(),
    "network:school_review": facilitators_only(),
    "network:my_certificates": signed_in(),
    # Network events (network/events/selectors.py): anyone reads events and their calendars; any signed-in member
    # registers, cancels their own place and checks in with the venue's code while the event is on; organisers and
    # admins see registrations, mark attendance and issue certificates.
    "network:events_calendar": public(),
    "network:event_calendar": public(),
    "network:event_register": signed_in(AWAY, method="POST", data={"presentation": "Зертхана қорапта"}),
    "network:event_cancel": signed_in(
        AWAY, method="POST", data={"confirm": "1"}, note="confirmed; nothing to cancel: back to the event all the same"
    ),
    "network:event_check_in": signed_in(
        FORBIDDEN,
        teacher=AWAY,
        method="POST",
        data={"code": "MATRX2", "attendance": "in_person"},
        note="only a registered member checks in (teacher); the right code is not enough for anyone else",
    ),
    "network:event_registrations": event_organisers(),
    "network:event_registrations_csv": event_organisers(),
    "network:event_walk_in": event_organisers(AWAY, method="POST"),  # walk-ins at the door: register + check in
    "network:event_issue_certificates": event_organisers(AWAY, method="POST"),
    # Certificates (unprefixed): anyone with the code verifies one; only admins revoke.
    "certificates:verify": public(),
    "certificates:pdf": public(),
    "certificates:revoke": signed_in(FORBIDDEN, admin=AWAY, method="POST"),
    # Projects (projects/selectors.py: who sees, edits, submits, approves, opens files)
    "projects:dashboard": signed_in(),
    "network:profile": signed_in(),
    "network:group_join_request": signed_in(AWAY, method="POST", note="any member asks to join any group"),
    "network:group_join_decide": signed_in(NOT_FOUND, method="POST", note="a missing request: 404"),
    "network:profile_delete": signed_in(note="her own account only"),
    "account_profile": public(AWAY, note="redirects to network:profile"),
    # Teachers' voice (projects/voice): public counts and briefs; each member opts out for themselves only.
    "projects:voice": public(),
    "projects:voice_csv": public(),
    "projects:voice_json": public(),
    "projects:voice_brief": public(),
    "projects:voice_brief_pdf": public(),
    "projects:voice_share": signed_in(AWAY, method="POST", data={"share": "on"}),
    "projects:create": signed_in(),
    "projects:portfolio": signed_in(note="a zip of the member's own projects only"),
    "projects:group_projects": group_only(teacher=FORBIDDEN, co_leader=FORBIDDEN, note="the group's facilitator"),
    "projects:detail": project_viewers(),
    "projects:poster": project_viewers(),
    "projects:poster_print": project_viewers(),
    "projects:file": project_viewers(note="an unpublished poster: whoever may view the project"),
    "projects:file_item": project_insiders(note="an evidence photo: leaders, the group's facilitator, admins"),
    "projects:comment": project_viewers(note="whoever may view the project comments on it (group colleagues too)"),
    "projects:consultation_request": project_editors(400, method="POST", data={}, note="an empty form: 400"),
    "projects:consultation_answer": signed_in(NOT_FOUND, note="only the colleague who was asked"),
    "projects:edit": project_editors(),
    "projects:plan": project_editors(),
    "projects:consultations": project_editors(),
    "projects:journal": project_editors(),
    "projects:evidence": project_editors(),
    "projects:writeup": project_editors(),
    "projects:evidence_delete": project_editors(AWAY, method="POST"),
    "projects:consultation_edit": project_editors(),
    "projects:consultation_delete": project_editors(),
    "projects:journal_edit": project_editors(),
    "projects:journal_delete": project_editors(),
    "projects:withdraw": project_editors(AWAY, admin=FORBIDDEN, method="POST", note="leaders, while in review"),
    "projects:delete": project_editors(FORBIDDEN, teacher=OK, note="only the lead"),
    "projects:history": project_editors(),
    "projects:stage": project_editors(AWAY, method="POST", data={"stage": "plan"}),
    "projects:submit": project_editors(admin=FORBIDDEN, note="leaders only: they consent for their pupils"),
    "projects:facilitator": facilitators_only(note="the dashboard across her groups; admins see all"),
    "projects:nudge": project_insiders(
        FORBIDDEN,
        facilitator=AWAY,
        admin=AWAY,
        method="POST",
        note="a reminder to the lead: the facilitator who looks after the project, and admins",
    ),
    "projects:review": project_insiders(
        FORBIDDEN, facilitator=OK, admin=OK, note="approve: the group's facilitator and admins, while in review"
    ),
    "projects:upload_start": project_editors(201, method="POST", data={"size": 10}, content_type="application/json"),
    "projects:upload_chunk": signed_in(
        NOT_FOUND, teacher=OK, note="an upload belongs to whoever started it (teacher); nobody else learns it exists"
    ),
    "projects:translate": project_insiders(),
    "projects:translation_review": project_insiders(
        FORBIDDEN,
        facilitator=OK,
        admin=OK,
        note="a case study or translation in review (here the project's draft): its group's facilitator and admins",
    ),
    "case_study_feed": public(),
    "projects:case_study_feed": public(note="the case studies published in the URL's language"),
    # An event's poster session (projects/selectors.py, its table): anyone sees the gallery of accepted posters and
    # their images; a confirmed registrant leading a project with a poster (teacher) offers it and withdraws an
    # offer still waiting; the event's organisers and admins decide, assign boards and groups, print.
    "projects:event_posters": public(),
    "projects:event_poster": public(),
    "projects:event_poster_image": public(note="only an accepted poster's image; other project files stay private"),
    "projects:event_poster_thumbnail": public(),
    "projects:poster_offer": signed_in(
        FORBIDDEN,
        teacher=400,
        method="POST",
        note="only a confirmed registrant (teacher) may offer; no project chosen here, so the form comes back",
    ),
    "projects:poster_withdraw": signed_in(
        NOT_FOUND, teacher=AWAY, method="POST", note="teacher's offer: nobody else learns it exists"
    ),
    "projects:poster_decide": event_organisers(AWAY, method="POST", data={"decision": "accept"}),
    "projects:poster_manage": event_organisers(),
    "projects:poster_labels": event_organisers(),
    "projects:poster_plan": event_organisers(),
    # Public site extras
    "cms:offline": public(),
    "cms:low_data": public(AWAY, method="POST", data={"mode": "on", "next": "/kk/"}),
    "service_worker": public(),
    # Forums (forums/selectors.py): public boards: anyone reads, signed-in members post; a group's board: its
    # members, its facilitator and admins only (others get 404: the board's existence is not revealed);
    # moderation (lock, hide, history): the group's facilitator and admins; edit/delete: the author and moderators.
    "forums:board_list": public(),
    "forums:search": public(),
    "forums:moderation": facilitators_only(note="each facilitator sees the queue of the boards they moderate"),
    "forums:notification_settings": signed_in(),
    "forums:unsubscribe": public(note="the signed token is the credential (teacher's): no sign-in"),
    "forums:feedback": public(note="feedback on a live case study: anyone reads it"),
    "poster_short_link": public(AWAY, note="a poster's QR link: to its feedback page (which then decides)"),
    "forums:feedback_reply": signed_in(
        FORBIDDEN, teacher=AWAY, method="POST", data={"reply": "Рақмет!"}, note="only the presenter (teacher) answers"
    ),
    # The live room of world.extra["event"] (forums/selectors.py: can_enter_room, can_run_room): signed-in members
    # follow the room; its organisers and admins see the live dashboard and announce.
    "forums:event_room": signed_in(),
    "forums:event_live": event_organisers(),
    # The private board and its thread and posts:
    "forums:board_detail": group_board(),
    "forums:thread_create": group_board(anonymous=LOGIN),
    "forums:thread_detail": group_board(),
    "forums:post_link": group_board(AWAY),
    "forums:post_create": group_board(AWAY, anonymous=LOGIN, method="POST", data={"body": "Мен де қосыламын."}),
    "forums:thread_follow": group_board(AWAY, anonymous=LOGIN, method="POST", data={"follow": "1"}),
    "forums:thread_lock": group_board(
        AWAY, anonymous=LOGIN, teacher=FORBIDDEN, co_leader=FORBIDDEN, method="POST", data={"locked": "1"}
    ),
    "forums:post_edit": group_board(anonymous=LOGIN, co_leader=FORBIDDEN, note="teacher's post"),
    "forums:post_delete": group_board(anonymous=LOGIN, co_leader=FORBIDDEN, note="GET: the confirmation page"),
    "forums:post_helpful": group_board(
        AWAY, anonymous=LOGIN, teacher=FORBIDDEN, method="POST", note="not on one's own post"
    ),
    "forums:post_flag": group_board(anonymous=LOGIN, teacher=FORBIDDEN, note="not one's own post"),
    "forums:post_history": group_board(anonymous=LOGIN, teacher=FORBIDDEN, co_leader=FORBIDDEN),
    "forums:post_moderate": group_board(
        AWAY, anonymous=LOGIN, teacher=FORBIDDEN, co_leader=FORBIDDEN, method="POST", data={"action": "hide"}
    ),
    # Accounts (allauth, unprefixed)
    "account_login": guests_only(),
    "account_signup": guests_only(),
    "account_logout": signed_in(OK, anonymous=AWAY, note="GET asks to confirm; anonymous: nothing to do"),
    "account_inactive": public(),
    "account_reauthenticate": signed_in(),
    "account_email": signed_in(),
    "account_email_verification_sent": public(),
    "account_change_password": signed_in(),
    "account_set_password": signed_in(AWAY, note="members already have a password: sent to change it"),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key": public(note="a wrong key shows 'bad token'"),
    "account_reset_password_from_key_done": public(),
    "account_confirm_email": public(note="a wrong key shows 'expired or invalid'"),
    "account_confirm_login_code": public(AWAY, anonymous=LOGIN, note="login by code is off: back to sign in"),
    # allauth 65.22: a signed-in member may reauthenticate with a code sent by e-mail instead of the password.
    "account_request_reauthentication_code": signed_in(note="offers a code by e-mail instead of the password"),
    "account_confirm_reauthentication_code": signed_in(AWAY, note="no code was requested: sent back"),
    # Wagtail: documents are served through a permission-checking view (WAGTAILDOCS_SERVE_METHOD).
    "wagtaildocs_serve": public(NOT_FOUND),
    # An unknown restriction is a 404, which LocaleMiddleware turns into a redirect to /kk/… (also a 404 there).
    "wagtaildocs_authenticate_with_password": public(AWAY),
    "wagtailcore_authenticate_with_password": public(NOT_FOUND),
    "wagtailcore_login": public(),
    # The admin index; every other admin view is swept by test_admin_views_refuse_visitors_and_teachers.
    "wagtailadmin_home": rule(
        OK, anonymous=ADMIN_LOGIN, teacher=ADMIN_LOGIN, other_teacher=ADMIN_LOGIN, co_leader=ADMIN_LOGIN
    ),
}


def _unsubscribe_token(world) -> str:
    from forums.services import unsubscribe_token

    return unsubscribe_token(world.users["teacher"])


URL_KWARGS = {
    "projects:voice_brief": lambda world: {"slug": world.users["teacher"].school.region.slug},
    "projects:voice_brief_pdf": lambda world: {"slug": world.users["teacher"].school.region.slug},
    "network:group_detail": lambda world: {"slug": world.group.slug},
    "network:group_join": lambda world: {"code": world.group.invite_code},
    "account_reset_password_from_key": lambda world: {"uidb36": "1", "key": "set-by-nobody"},
    "account_confirm_email": lambda world: {"key": "not-a-key"},
    "wagtaildocs_serve": lambda world: [MISSING, "missing.pdf"],
    "network:event_calendar": lambda world: {"slug": world.extra["event"].slug},
    "network:event_register": lambda world: {"slug": world.extra["event"].slug},
    "network:event_cancel": lambda world: {"slug": world.extra["event"].slug},
    "network:event_check_in": lambda world: {"slug": world.extra["event"].slug},
    "network:event_registrations": lambda world: {"slug": world.extra["event"].slug},
    "network:event_registrations_csv": lambda world: {"slug": world.extra["event"].slug},
    "network:event_walk_in": lambda world: {"slug": world.extra["event"].slug},
    "network:event_issue_certificates": lambda world: {"slug": world.extra["event"].slug},
    "certificates:verify": lambda world: {"code": world.extra["certificate"].code},
    "certificates:pdf": lambda world: {"code": world.extra["certificate"].code},
    "certificates:revoke": lambda world: {"code": world.extra["certificate"].code},
    **{
        f"projects:{name}": lambda world: {"pk": world.extra["project"].pk}
        for name in (
            "nudge",
            "detail",
            "edit",
            "plan",
            "consultations",
            "consultation_request",
            "withdraw",
            "delete",
            "history",
            "journal",
            "evidence",
            "poster",
            "poster_print",
            "writeup",
            "submit",
            "stage",
            "comment",
            "review",
            "upload_start",
        )
    },
    "projects:evidence_delete": lambda world: {
        "pk": world.extra["project"].pk,
        "evidence_id": world.extra["evidence"].pk,
    },
    "projects:file": lambda world: {"pk": world.extra["project"].pk, "kind": "poster"},
    "projects:file_item": lambda world: {
        "pk": world.extra["project"].pk,
        "kind": "evidence",
        "item": world.extra["evidence"].pk,
    },
    "projects:consultation_answer": lambda world: {"request_id": 999999},
    "network:group_join_request": lambda world: {"slug": world.group.slug},
    "projects:consultation_edit": lambda world: {
        "pk": world.extra["project"].pk,
        "item_id": world.extra["consultation"].pk,
    },
    "projects:consultation_delete": lambda world: {
        "pk": world.extra["project"].pk,
        "item_id": world.extra["consultation"].pk,
    },
    "projects:journal_edit": lambda world: {"pk": world.extra["project"].pk, "item_id": world.extra["journal"].pk},
    "projects:journal_delete": lambda world: {"pk": world.extra["project"].pk, "item_id": world.extra["journal"].pk},
    "network:group_join_decide": lambda world: {"pk": 999999},
    "projects:upload_chunk": lambda world: {"upload_id": world.extra["chunked_upload"].pk},
    **{
        f"projects:{name}": lambda world: {"slug": world.extra["event"].slug}
        for name in ("event_posters", "poster_offer", "poster_manage", "poster_labels", "poster_plan")
    },
    **{
        f"projects:{name}": lambda world: {"slug": world.extra["event"].slug, "board_number": 1}
        for name in ("event_poster", "event_poster_image", "event_poster_thumbnail")
    },
    **{
        f"projects:{name}": lambda world: {"slug": world.extra["event"].slug, "pk": world.extra["offered_poster"].pk}
        for name in ("poster_withdraw", "poster_decide")
    },
    "projects:group_projects": lambda world: {"slug": world.group.slug},
    "projects:translate": lambda world: {"pk": world.extra["case_study"].pk},
    "projects:translation_review": lambda world: {"pk": world.extra["project"].case_study_id},
    "forums:unsubscribe": lambda world: {"token": _unsubscribe_token(world)},
    "forums:feedback": lambda world: {"page_id": world.extra["case_study"].pk},
    "poster_short_link": lambda world: {"pk": world.extra["project"].pk},
    "forums:feedback_reply": lambda world: {"pk": world.extra["feedback"].pk},
    "forums:event_room": lambda world: {"slug": world.extra["event"].slug},
    "forums:event_live": lambda world: {"slug": world.extra["event"].slug},
    "forums:board_detail": lambda world: {"slug": world.extra["group_board"].slug},
    "forums:thread_create": lambda world: {"slug": world.extra["group_board"].slug},
    **{
        f"forums:{name}": lambda world: {"pk": world.extra["group_thread"].pk}
        for name in ("thread_detail", "post_create", "thread_follow", "thread_lock")
    },
    **{
        f"forums:{name}": lambda world: {"pk": world.extra["group_post"].pk}
        for name in (
            "post_link",
            "post_edit",
            "post_delete",
            "post_helpful",
            "post_flag",
            "post_history",
            "post_moderate",
        )
    },
    "wagtaildocs_authenticate_with_password": lambda world: {"restriction_id": int(MISSING)},
    "wagtailcore_authenticate_with_password": lambda world: {
        "page_view_restriction_id": int(MISSING),
        "page_id": world.homes["kk"].pk,
    },
}

# Patterns the matrix does not request, and why. Keep this short.
EXCLUDED_URLS = {
    "wagtail_serve": "every page goes through it: covered page type by page type in PAGE_RULES",
}
EXCLUDED_UNNAMED = {
    "^media/(?P<path>.*)$": (
        "public uploads (Wagtail images and documents' renditions) served by the app when ORTAQ_SERVE_MEDIA is on "
        "(local disk, DEBUG or not); project files live outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT) and config.media "
        "refuses every path that normalises into private/: tests/projects/test_private_storage.py"
    ),
}

# Admin views open to everyone by design (sign-in, password reset, the icon sprite, translations for its JS).
ADMIN_PUBLIC = {
    "wagtailadmin_login",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}


# --- The Wagtail admin, page by page, for both facilitators --------------------------------------------------------
# world.extra["project"] (world.group, facilitator's) is in review: its draft case study is world.extra["project"]
# .case_study. Facilitators hold no page rights on case studies: the review task lets the project's own group
# facilitator (selectors.can_review_case_study) read the draft, see its history and decide it; the editor sends her
# to the site's review page. Nobody but admins lists projects or other groups' drafts (explorer, search, chooser,
# reports, the dashboard's "awaiting review").
@dataclass(frozen=True)
class AdminRule:
    url: object  # callable(world) -> str
    rule: Rule
    may_see_private: tuple = ("admin",)  # roles whose 200 may show the private project or the draft under review


def admin_rule(facilitator, other_facilitator=ADMIN_REFUSED, admin=OK, **kwargs) -> Rule:
    """Visitors and teachers are sent to the admin sign-in (test_admin_views_refuse_visitors_and_teachers too)."""
    return rule(ADMIN_LOGIN, facilitator=facilitator, other_facilitator=other_facilitator, admin=admin, **kwargs)


def _draft(world):
    return world.extra["project"].case_study


def _under_review(world):
    from projects import selectors

    return selectors.review_state(project=world.extra["project"]).current_task_state


SEARCH_TERM = "Зертхана"  # in the project's title, its draft case study's and the public case study's
ADMIN_RULES: dict[str, AdminRule] = {
    # Wagtail sends a member away from a page they may not explore, to the part of the tree they may (the events).
    "explorer: the project area": AdminRule(
        lambda w: f"/admin/pages/{w.pages['projects.ProjectIndexPage'].pk}/", admin_rule(AWAY, AWAY)
    ),
    "explorer: the case-study index": AdminRule(
        lambda w: f"/admin/pages/{w.pages['projects.CaseStudyIndexPage'].pk}/", admin_rule(AWAY, AWAY)
    ),
    "explorer: the home page": AdminRule(lambda w: f"/admin/pages/{w.homes['kk'].pk}/", admin_rule(AWAY, AWAY)),
    "explorer: the events (facilitators' own pages)": AdminRule(
        lambda w: f"/admin/pages/{w.pages['network.EventIndexPage'].pk}/", admin_rule(OK, OK)
    ),
    "edit: the project": AdminRule(
        lambda w: f"/admin/pages/{w.extra['project'].pk}/edit/",
        admin_rule(ADMIN_REFUSED, admin=AWAY, note="admins are sent to the front-end project page"),
    ),
    "view draft: the project": AdminRule(
        lambda w: f"/admin/pages/{w.extra['project'].pk}/view_draft/",
        admin_rule(ADMIN_REFUSED, admin=AWAY, note="the front-end project page (it was a 500)"),
    ),
    "edit: the draft under review": AdminRule(
        lambda w: f"/admin/pages/{_draft(w).pk}/edit/",
        admin_rule(AWAY, admin=AWAY, note="the site's review page: the frozen revision, the same service"),
    ),
    "view draft: the draft under review": AdminRule(
        lambda w: f"/admin/pages/{_draft(w).pk}/view_draft/", admin_rule(OK), ("facilitator", "admin")
    ),
    "history: the draft under review": AdminRule(
        lambda w: f"/admin/pages/{_draft(w).pk}/history/", admin_rule(OK), ("facilitator", "admin")
    ),
    "workflow history: the draft under review": AdminRule(
        lambda w: f"/admin/pages/{_draft(w).pk}/workflow_history/", admin_rule(OK), ("facilitator", "admin")
    ),
    "revision: the draft under review": AdminRule(
        lambda w: f"/admin/pages/{_draft(w).pk}/revisions/{_under_review(w).revision_id}/view/",
        admin_rule(OK),
        ("facilitator", "admin"),
    ),
    "workflow action: approve the draft": AdminRule(
        lambda w: f"/admin/pages/workflow/action/{_draft(w).pk}/approve/{_under_review(w).pk}/",
        admin_rule(OK, note="GET: the comment form; POST runs services.approve_case_study"),
        ("facilitator", "admin"),
    ),
    "workflow preview: the draft": AdminRule(
        lambda w: f"/admin/pages/workflow/preview/{_draft(w).pk}/{_under_review(w).task_id}/",
        admin_rule(OK),
        ("facilitator", "admin"),
    ),
    "search": AdminRule(lambda w: f"/admin/pages/search/?q={SEARCH_TERM}", admin_rule(OK, OK)),
    "page chooser": AdminRule(lambda w: "/admin/choose-page/", admin_rule(OK, OK)),
    "page chooser: the project area": AdminRule(
        lambda w: f"/admin/choose-page/{w.pages['projects.ProjectIndexPage'].pk}/", admin_rule(OK, OK)
    ),
    "page chooser: search": AdminRule(lambda w: f"/admin/choose-page/search/?q={SEARCH_TERM}", admin_rule(OK, OK)),
    "reports: workflows": AdminRule(lambda w: "/admin/reports/workflow/", admin_rule(OK, OK)),
    "reports: workflow tasks": AdminRule(lambda w: "/admin/reports/workflow_tasks/", admin_rule(OK, OK)),
    "dashboard (awaiting your review)": AdminRule(lambda w: "/admin/", admin_rule(OK, OK), ("facilitator", "admin")),
}


def private_markers(world) -> list[str]:
    """Regexes that betray the private project or its draft under review in an admin page."""
    import re

    project, draft = world.extra["project"], world.extra["project"].case_study
    pks = [project.pk, draft.pk]
    return [
        re.escape("Қораптан зертхана жасадық"),  # the write-up: only in the project and its draft
        r">\s*Зертхана қорапта\s*<",  # the draft's title as a link or cell (the public one goes on ": нәтиже")
        *[rf"/admin/(?:pages|choose-page)/{pk}/" for pk in pks],
    ]


# --- Wagtail page types ------------------------------------------------------------------------------------------
# A type may have variants ("app.Model:draft"); every type needs at least one rule, each with a world.pages entry.
PAGE_RULES: dict[str, Rule] = {
    "cms.HomePage": public(),
    "cms.StandardPage": public(),
    "network.EventIndexPage": public(),
    "network.EventPage": public(),
    "network.EventReportPage": public(),
    "projects.CaseStudyIndexPage": public(),
    "projects.CaseStudyPage": public(),
    # The project area is restricted to signed-in members, and sends them on to their dashboard.
    "projects.ProjectIndexPage": signed_in(AWAY),
    # Projects stay drafts: Wagtail never serves one (to anybody); the views under /my/projects/ check permissions.
    "projects.ProjectPage": public(NOT_FOUND),
}
EXCLUDED_PAGES = {
    "wagtailcore.Page": "the tree's root: never served (no Site points at it)",
}

# --- WebSockets ------------------------------------------------------------------------------------------------------
WS_RULES: dict[str, dict] = {
    "ws/notifications/": {role: ACCEPT for role in ROLES} | {"anonymous": CLOSE_FORBIDDEN},
}
WS_RULES["ws/threads/<int:thread_id>/"] = {role: ACCEPT for role in ROLES} | {
    "anonymous": CLOSE_FORBIDDEN,
    "other_teacher": CLOSE_FORBIDDEN,
    "other_facilitator": CLOSE_FORBIDDEN,
}
# The live room of a network event: any signed-in member follows it (only organisers announce: an error frame).
WS_RULES["ws/events/<slug:slug>/"] = {role: ACCEPT for role in ROLES} | {"anonymous": CLOSE_FORBIDDEN}
# Any other /ws/ path (a non-numeric id, an unknown stream): accepted, then closed with 4404 for everybody.
WS_RULES["ws/<path:rest>"] = {role: CLOSE_NOT_FOUND for role in ROLES}
WS_RULES["ws/"] = {role: CLOSE_NOT_FOUND for role in ROLES}
WS_KWARGS: dict = {
    "ws/<path:rest>": lambda world: {"rest": "threads/abc/"},
    "ws/threads/<int:thread_id>/": lambda world: {"thread_id": world.extra["group_thread"].pk},
    "ws/events/<slug:slug>/": lambda world: {"slug": world.extra["event"].slug},
}


# --- Upload forms -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UploadForm:
    """Where a form with a file field is posted: `url(world)`, the file field, the other fields, who posts."""

    url: object  # callable(world) -> str
    field: str
    data: object = dict  # callable(world) -> dict of the other fields
    role: str = "teacher"


# Every Form class with a FileField/ImageField in <app>/forms.py needs an entry (or an exemption with the reason).
def _project_url(name: str):
    def url(world) -> str:
        from django.urls import reverse

        return reverse(name, args=[world.extra["project"].pk])

    return url


def _forum_url(name: str, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


UPLOAD_FORMS: dict[str, UploadForm] = {
    "projects.forms.EvidenceForm": UploadForm(
        url=_project_url("projects:evidence"),
        field="file",
        data=lambda world: {"kind": "photo", "description": "Оқушылардың жұмысы", "consent": "on"},
    ),
    "projects.forms.PosterUploadForm": UploadForm(
        url=_project_url("projects:poster"), field="poster", data=lambda world: {"kind": "upload"}
    ),
    # A reply with a photo on the private board, and a new thread with one (ThreadForm extends PostForm).
    "forums.forms.PostForm": UploadForm(
        url=lambda world: _forum_url("forums:post_create", pk=world.extra["group_thread"].pk),
        field="image",
        data=lambda world: {"body": "Сабақтан сурет."},
    ),
    "forums.forms.ThreadForm": UploadForm(
        url=lambda world: _forum_url("forums:thread_create", slug=world.extra["group_board"].slug),
        field="image",
        data=lambda world: {"title": "Зертхана суреттері", "body": "Сабақтан сурет."},
    ),
}
# The resumable path (projects:upload_start / upload_chunk) has no form of its own: the assembled file is checked
# when EvidenceForm or PosterUploadForm is posted with its `upload_id` (ChunkedUploadMixin, network.uploads);
# test_chunked_uploads_refuse_hostile_files runs the corpus through that path.
EXEMPT_UPLOAD_FORMS: dict[str, str] = {}
