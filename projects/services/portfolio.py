"""A teacher's portfolio: every project of theirs as one zip that opens offline."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils.text import slugify
from wagtail import hooks

from network.events import selectors as event_selectors
from network.models import User
from projects import selectors

# --- Portfolio ------------------------------------------------------------------------------------------


def _zip_file(archive: zipfile.ZipFile, folder: str, label: str, field) -> str:
    """Add one stored file; "" if it is gone (the page then says it was left out)."""
    name = f"{label}.{field.name.rsplit('.', 1)[-1]}"
    try:
        with field.open("rb") as handle:
            archive.writestr(f"{folder}/{name}", handle.read())
    except OSError:  # FileNotFoundError and friends: a lost file must not cost the teacher her whole portfolio
        return ""
    return name


def _peer_feedback(pages) -> list:
    """Peer feedback on `pages` from the apps that collect it (the forums' `ortaq_portfolio_feedback` hook: a
    function taking a list of pages and returning items with `author`, `created_at` and `answers`)."""
    items = []
    for fn in hooks.get_hooks("ortaq_portfolio_feedback"):
        items.extend(fn([page for page in pages if page is not None]))
    return sorted(items, key=lambda item: item.created_at)


def build_portfolio(*, user: User, base_url: str = "") -> bytes:
    """A zip of the projects `user` leads or co-leads: one readable HTML page each (texts, evidence, poster, peer
    feedback received, the facilitator's comments, the public link) with its files, and her certificates.
    Folder names keep the title's letters, Cyrillic included. `base_url` makes the public links absolute."""
    buffer = io.BytesIO()
    projects = list(selectors.list_projects_led(user=user).prefetch_related("evidence", "journal_entries"))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = []
        for project in projects:
            folder = f"{project.pk}-{slugify(project.title, allow_unicode=True) or 'project'}"
            files = {}
            for label, field in (("poster", project.poster_file), ("preview", project.poster_preview)):
                if field:
                    files[label] = _zip_file(archive, folder, label, field)
                    files[f"{label}_missing"] = not files[label]
            for evidence in project.evidence.all():
                evidence.export_name = (
                    _zip_file(archive, folder, f"evidence-{evidence.pk}", evidence.file) if evidence.file else ""
                )
                evidence.file_missing = bool(evidence.file) and not evidence.export_name
            case_study = project.case_study if project.case_study_id and project.case_study.live else None
            comments = [c for c in selectors.list_comments(project=project) if c.author_id != user.pk]
            context = {
                "project": project,
                "files": files,
                "comments": comments,
                "feedback": _peer_feedback([project, case_study]),
                "public_url": base_url + case_study.url if case_study else "",
            }
            archive.writestr(f"{folder}/index.html", render_to_string("projects/portfolio_project.html", context))
            entries.append((folder, project))
        certificates = list(event_selectors.list_certificates_for(user=user))
        archive.writestr(
            "index.html",
            render_to_string(
                "projects/portfolio_index.html",
                {"entries": entries, "user": user, "certificates": certificates, "base_url": base_url},
            ),
        )
    return buffer.getvalue()
