"""WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while `wagtail.models` is still loading: no model imports here
at module level."""


def finish_workflow(workflow_state, user=None):
    """A case study is published by services.approve_case_study (exactly the approved revision, with its poster and
    evidence), not by Wagtail's "publish the latest revision"; other pages finish as Wagtail does."""
    from wagtail.workflows import publish_workflow_state

    from projects.models import CaseStudyPage

    if isinstance(workflow_state.content_object.specific, CaseStudyPage):
        return
    publish_workflow_state(workflow_state, user=user)
