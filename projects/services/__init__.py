"""Writes for projects, one module per concern (the banners of the former projects/services.py):

- `site`: the project area, a case-study index per language, the review workflow;
- `html`: sanitising and flattening what teachers type;
- `edits`: create and edit a project (each save is a Wagtail revision by that teacher), evidence, posters;
- `pdf`: page 1 of a PDF poster as an image;
- `uploads`: resumable (chunked) uploads;
- `review`: submission into the "Facilitator review" workflow, approval into a public case study, translations;
- `portfolio`: a teacher's projects as one offline zip.

The poster session at events has its own package (`projects.posters.services`). Callers keep writing
`from projects import services; services.create_project(...)`: the public names are gathered here.
"""

from projects.services.edits import (
    add_comment,
    add_consultation,
    add_evidence,
    add_journal_entry,
    create_project,
    delete_evidence,
    set_poster_template,
    set_poster_upload,
    set_stage,
    update_project,
    update_writeup,
)
from projects.services.html import ALLOWED_TAGS, html_to_text, sanitize_html, word_count
from projects.services.pdf import render_pdf_first_page
from projects.services.portfolio import build_portfolio
from projects.services.review import (
    ReviewChanged,
    approve_case_study,
    approve_project,
    request_case_study_changes,
    request_changes,
    submit_project,
    translate_case_study,
    translation_initial,
)
from projects.services.site import (
    FACILITATORS,
    INDEX_TITLES,
    WORKFLOW_NAME,
    ensure_case_study_indexes,
    ensure_project_index,
    ensure_review_workflow,
    ensure_site_structure,
)
from projects.services.uploads import append_chunk, discard_chunked_upload, read_chunked_upload, start_chunked_upload

__all__ = [
    "ReviewChanged",
    "approve_case_study",
    "request_case_study_changes",
    "translation_initial",
    "ALLOWED_TAGS",
    "FACILITATORS",
    "INDEX_TITLES",
    "WORKFLOW_NAME",
    "add_comment",
    "add_consultation",
    "add_evidence",
    "add_journal_entry",
    "append_chunk",
    "approve_project",
    "build_portfolio",
    "create_project",
    "delete_evidence",
    "ensure_case_study_indexes",
    "ensure_project_index",
    "ensure_review_workflow",
    "ensure_site_structure",
    "discard_chunked_upload",
    "read_chunked_upload",
    "html_to_text",
    "render_pdf_first_page",
    "request_changes",
    "sanitize_html",
    "set_poster_template",
    "set_poster_upload",
    "set_stage",
    "start_chunked_upload",
    "submit_project",
    "translate_case_study",
    "update_project",
    "update_writeup",
    "word_count",
]
