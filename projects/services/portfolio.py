"""A teacher's portfolio: every project of theirs as one zip that opens offline."""

import io
import zipfile

from django.template.loader import render_to_string
from django.utils.text import slugify

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


def build_portfolio(*, user: User) -> bytes:
    """A zip of the projects `user` leads or co-leads: one readable HTML page each, with its files."""
    buffer = io.BytesIO()
    projects = list(selectors.list_projects_for_dashboard(user=user).prefetch_related("evidence", "journal_entries"))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = []
        for project in projects:
            folder = f"{project.pk}-{slugify(project.title) or 'project'}"
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
            html = render_to_string(
                "projects/portfolio_project.html", {"project": project, "files": files, "comments": []}
            )
            archive.writestr(f"{folder}/index.html", html)
            entries.append((folder, project))
        archive.writestr(
            "index.html", render_to_string("projects/portfolio_index.html", {"entries": entries, "user": user})
        )
    return buffer.getvalue()
