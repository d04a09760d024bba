"""The "Facilitator review" step of case studies, as Wagtail sees it.

Wagtail's own `GroupApprovalTask` lets every member of a Wagtail group decide every page, and finishing a workflow
publishes the page's *latest* revision and sends English e-mails. Case studies need the site's rules instead:

- only the project's own group facilitator (and admins) see, open and decide a review: `FacilitatorReviewTask`
  asks `selectors.can_review_case_study`, the predicate behind the site's review page;
- deciding in the admin runs the site's services (`services.approve_case_study`, `services.request_case_study_changes`),
  which publish exactly the revision under review with its poster and consented evidence;
- the revision under review is frozen: nobody edits it in the admin (`locked_for_user`); a teacher's edit makes
  a new revision that is reviewed again (services._save);
- Wagtail's workflow e-mails are not sent for case studies: the project's own notifications (in the recipient's
  language) replace them (`quiet_for_case_studies`, connected in apps.py).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState


class FacilitatorReviewTask(Task):
    """A case study waits for its project's group facilitator (or an admin): the site's review, in the admin."""

    class Meta:
        app_label = "projects"
        verbose_name = _("facilitator review")
        verbose_name_plural = _("facilitator reviews")

    @classmethod
    def get_description(cls):
        return _("The facilitator of the project's teacher group reviews the case study (admins too)")

    def _may_review(self, obj, user) -> bool:
        from projects import selectors

        return selectors.can_review_case_study(user=user, page=obj)

    def user_can_access_editor(self, obj, user):
        return self._may_review(obj, user)  # the editor sends them on to the site's review page (wagtail_hooks)

    def locked_for_user(self, obj, user):
        return True  # the revision under review is frozen; teachers change the project, which resubmits

    def user_can_lock(self, obj, user):
        return False

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self._may_review(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        """The admin's buttons run the same services as the site's review page; the answer is where to go next."""
        from projects import selectors, services

        page = task_state.workflow_state.content_object.specific
        comment = (kwargs.get("comment") or "").strip()
        try:
            if action_name == "approve":
                services.approve_case_study(page=page, user=user, comment=comment, revision_id=task_state.revision_id)
            elif action_name == "reject":
                services.request_case_study_changes(
                    page=page, user=user, comment=comment, revision_id=task_state.revision_id
                )
        except services.ReviewChanged:
            return selectors.review_url(page=page)  # the teacher changed it: read the new version first
        return reverse("wagtailadmin_home")

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from projects import selectors

        return selectors.list_reviewable_task_states(user=user, task=self)


def _reviewed_by_facilitators(obj) -> bool:
    from projects.models import CaseStudyPage

    return isinstance(getattr(obj, "specific", obj), CaseStudyPage)


def quiet_for_case_studies(notifier):
    """Wrap one of Wagtail's workflow e-mail notifiers so it stays silent about case studies."""

    def handler(sender=None, instance=None, **kwargs):
        workflow_state = instance.workflow_state if isinstance(instance, TaskState) else instance
        if _reviewed_by_facilitators(workflow_state.content_object):
            return False
        return notifier(sender=sender, instance=instance, **kwargs)

    return handler
