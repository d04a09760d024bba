from django.urls import path

from projects import colleague_views, correction_views, facilitator_views, views
from projects.feeds import LanguageCaseStudyFeed
from projects.posters import views as poster_views
from projects.voice import views as voice_views

app_name = "projects"
urlpatterns = [
    path("feeds/case-studies.xml", LanguageCaseStudyFeed(), name="case_study_feed"),
    path("teachers-voice/", voice_views.voice, name="voice"),
    path("teachers-voice/data.csv", voice_views.voice_csv, name="voice_csv"),
    path("teachers-voice/data.json", voice_views.voice_json, name="voice_json"),
    path("teachers-voice/<slug:slug>/brief/", voice_views.voice_brief, name="voice_brief"),
    path("teachers-voice/<slug:slug>/brief.pdf", voice_views.voice_brief_pdf, name="voice_brief_pdf"),
    path("my/statistics/", voice_views.voice_share, name="voice_share"),
    path("my/projects/", views.dashboard, name="dashboard"),
    path("my/projects/new/", views.project_create, name="create"),
    path("my/facilitator/", facilitator_views.facilitator_dashboard, name="facilitator"),
    path("my/projects/<int:pk>/nudge/", facilitator_views.project_nudge, name="nudge"),
    path("my/projects/portfolio.zip", views.portfolio, name="portfolio"),
    path("my/projects/<int:pk>/", views.project_detail, name="detail"),
    path("my/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("my/projects/<int:pk>/plan/", views.project_plan, name="plan"),
    path("my/projects/<int:pk>/consultations/", views.project_consultations, name="consultations"),
    path("my/projects/<int:pk>/consultations/ask/", colleague_views.consultation_request, name="consultation_request"),
    path("my/consultations/<int:request_id>/", colleague_views.consultation_answer, name="consultation_answer"),
    path("my/projects/<int:pk>/journal/", views.project_journal, name="journal"),
    path("my/projects/<int:pk>/evidence/", views.project_evidence, name="evidence"),
    path(
        "my/projects/<int:pk>/evidence/<int:evidence_id>/delete/",
        correction_views.evidence_delete,
        name="evidence_delete",
    ),
    path(
        "my/projects/<int:pk>/consultations/<int:item_id>/edit/",
        correction_views.consultation_edit,
        name="consultation_edit",
    ),
    path(
        "my/projects/<int:pk>/consultations/<int:item_id>/delete/",
        correction_views.consultation_delete,
        name="consultation_delete",
    ),
    path("my/projects/<int:pk>/journal/<int:item_id>/edit/", correction_views.journal_edit, name="journal_edit"),
    path("my/projects/<int:pk>/journal/<int:item_id>/delete/", correction_views.journal_delete, name="journal_delete"),
    path("my/projects/<int:pk>/withdraw/", correction_views.withdraw, name="withdraw"),
    path("my/projects/<int:pk>/delete/", correction_views.delete, name="delete"),
    path("my/projects/<int:pk>/history/", correction_views.history, name="history"),
    path("my/projects/<int:pk>/poster/", views.project_poster, name="poster"),
    path("my/projects/<int:pk>/poster/print/", views.project_poster_print, name="poster_print"),
    path("my/projects/<int:pk>/write-up/", views.project_writeup, name="writeup"),
    path("my/projects/<int:pk>/submit/", views.project_submit, name="submit"),
    path("my/projects/<int:pk>/stage/", views.project_stage, name="stage"),
    path("my/projects/<int:pk>/comments/", views.project_comment, name="comment"),
    path("my/projects/<int:pk>/review/", views.project_review, name="review"),
    path("my/projects/<int:pk>/files/<str:kind>/", views.private_file, name="file"),
    path("my/projects/<int:pk>/files/<str:kind>/<int:item>/", views.private_file, name="file_item"),
    path("my/projects/<int:pk>/uploads/", views.chunked_upload_start, name="upload_start"),
    path("my/uploads/<uuid:upload_id>/", views.chunked_upload_chunk, name="upload_chunk"),
    path("my/groups/<slug:slug>/projects/", facilitator_views.group_projects, name="group_projects"),
    path("my/case-studies/<int:pk>/translate/", views.case_study_translate, name="translate"),
    path("my/case-studies/<int:pk>/review/", views.translation_review, name="translation_review"),
    # The poster session of a network event (/events/<slug>/ itself is a Wagtail page of `network`).
    path("events/<slug:slug>/posters/", poster_views.poster_gallery, name="event_posters"),
    path("events/<slug:slug>/posters/<int:board_number>/", poster_views.poster_detail, name="event_poster"),
    path("events/<slug:slug>/posters/<int:board_number>/image/", poster_views.poster_image, name="event_poster_image"),
    path(
        "events/<slug:slug>/posters/<int:board_number>/thumbnail/",
        poster_views.poster_thumbnail,
        name="event_poster_thumbnail",
    ),
    path("events/<slug:slug>/posters/offer/", poster_views.poster_offer, name="poster_offer"),
    path("events/<slug:slug>/posters/offers/<int:pk>/withdraw/", poster_views.poster_withdraw, name="poster_withdraw"),
    path("events/<slug:slug>/posters/offers/<int:pk>/decide/", poster_views.poster_decide, name="poster_decide"),
    path("events/<slug:slug>/posters/manage/", poster_views.poster_manage, name="poster_manage"),
    path("events/<slug:slug>/posters/labels/", poster_views.poster_labels, name="poster_labels"),
    path("events/<slug:slug>/posters/plan/", poster_views.poster_plan, name="poster_plan"),
]
