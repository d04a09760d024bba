from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        quiet_wagtail_workflow_emails()


def quiet_wagtail_workflow_emails() -> None:
    """Wagtail's workflow e-mails (English, to every moderator and superuser) stay silent about case studies: the
    project's own notifications tell the group's facilitator and the teacher, in their language
    (projects/review_task.py).

    Same dispatch_uid and sender as wagtail.admin.signal_handlers, so whichever app is ready first, one handler stays.
    """
    from wagtail.admin import signal_handlers as wagtail_mail
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

    from projects.review_task import quiet_for_case_studies

    for signal, sender, notifier, uid in (
        (
            task_submitted,
            TaskState,
            wagtail_mail.task_submission_email_notifier,
            "group_approval_task_submitted_email_notification",
        ),
        (
            workflow_submitted,
            WorkflowState,
            wagtail_mail.workflow_submission_email_notifier,
            "workflow_state_submitted_email_notification",
        ),
        (
            workflow_rejected,
            WorkflowState,
            wagtail_mail.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
        (
            workflow_approved,
            WorkflowState,
            wagtail_mail.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(quiet_for_case_studies(notifier), sender=sender, dispatch_uid=uid, weak=False)
