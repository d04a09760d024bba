"""Front-end forms: teachers never need the Wagtail admin. Every upload goes through network.uploads."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network import selectors as network_selectors
from network import uploads
from network.models import Region, TeacherGroup, User
from network.validators import single_line
from projects.models import ChunkedUpload, Consultation, Evidence, Stage, Subject, Theme
from projects.services import html_to_text, read_chunked_upload

DATE = forms.DateInput(attrs={"type": "date"})


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.local_name


class ProjectForm(forms.Form):
    """The project's frame and its concern: what the teacher fills in first."""

    title = forms.CharField(label=_("Title of your project"), max_length=200, validators=[single_line])
    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices)
    language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)
    group = forms.ModelChoiceField(label=_("Teacher group"), queryset=TeacherGroup.objects.none(), required=False)
    themes = ThemeChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    co_leaders = forms.ModelMultipleChoiceField(
        label=_("Co-leaders"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Colleagues from your group who lead the project with you."),
    )
    values = forms.CharField(label=_("My values"), widget=forms.Textarea, required=False, max_length=4000)
    concern = forms.CharField(
        label=_("The concern I want to address"), widget=forms.Textarea, required=False, max_length=4000
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        groups = network_selectors.list_groups_for(user=user)
        self.fields["group"].queryset = groups
        self.fields["co_leaders"].queryset = (
            User.objects.filter(teacher_groups__in=groups).exclude(pk=user.pk).distinct().order_by("display_name")
        )
        self.fields["co_leaders"].label_from_instance = str
        if not self.is_bound and "group" not in self.initial and len(groups) == 1:
            self.initial["group"] = groups[0]


class PlanForm(forms.Form):
    plan_what = forms.CharField(label=_("What I will try"), widget=forms.Textarea, required=False, max_length=4000)
    plan_with_whom = forms.CharField(label=_("With whom"), widget=forms.Textarea, required=False, max_length=2000)
    plan_when = forms.CharField(label=_("When"), widget=forms.Textarea, required=False, max_length=2000)


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["role", "who", "said", "date"]
        widgets = {"date": DATE}


class ConsultationRequestForm(forms.Form):
    """Ask named colleagues (projects.colleagues.list_consultable_colleagues) one question."""

    colleagues = forms.ModelMultipleChoiceField(
        label=_("Whom do you ask?"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    question = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, people=(), **kwargs):
        from network.models import User

        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = User.objects.filter(pk__in=[p.pk for p in people])


class ConsultationAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)


class JournalForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label=_("What I did"), widget=forms.Textarea, max_length=4000)


class ChunkedUploadMixin:
    """A file field that, with JavaScript, arrives beforehand in resumable pieces (projects/js/chunked.js).

    The form then carries `upload_id` instead of the file; either way the whole file is checked by
    `network.uploads.clean_image_or_pdf`, the only upload validator.
    """

    file_field = "file"
    stem = "upload"
    file_required = False

    def _setup_chunked(self, user, project) -> None:
        self.user, self.project = user, project
        self.fields["upload_id"] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        self.fields[self.file_field].required = False
        if project is not None:
            start = reverse("projects:upload_start", args=[project.pk])
            max_bytes = settings.ORTAQ_UPLOAD_MAX_BYTES
            self.fields[self.file_field].widget.attrs.update(
                {
                    "data-chunked": start,
                    # chunked.js checks the size before sending anything, and names these states:
                    "data-max-bytes": str(max_bytes),
                    "data-too-large": _("This file is larger than %(size)s MB: choose a smaller one.")
                    % {"size": max_bytes // (1024 * 1024)},
                    "data-offline": _("Offline — the upload will resume when the connection is back."),
                    "data-uploading": _("Uploading…"),
                }
            )

    def _clean_upload(self, upload):
        return uploads.clean_image_or_pdf(upload, stem=self.stem) if upload else None

    chunked_upload = None  # the pieces read by clean(); the view has them dropped once the form is decided

    def clean(self):
        data = super().clean()
        upload_id = data.pop("upload_id", None)
        if upload_id and not data.get(self.file_field) and self.user is not None:
            chunked = ChunkedUpload.objects.filter(pk=upload_id, owner=self.user, project=self.project).first()
            if chunked is None:
                self.add_error(self.file_field, _("The upload was not found; please choose the file again."))
            else:
                self.chunked_upload = chunked
                try:
                    data[self.file_field] = read_chunked_upload(
                        upload=chunked, user=self.user, clean=self._clean_upload
                    )
                except forms.ValidationError as error:
                    self.add_error(self.file_field, error)
        if self.file_required and not data.get(self.file_field) and self.file_field not in self.errors:
            self.add_error(self.file_field, forms.Field.default_error_messages["required"])
        return data


class EvidenceForm(ChunkedUploadMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, max_length=4000)
    file = forms.FileField(
        label=_("File (photo, scan or PDF)"),
        required=False,
        help_text=_("JPEG, PNG, WebP or PDF. Location data is removed from photos."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    consent = forms.BooleanField(
        label=_("Everyone shown or named in this evidence (and their parents) agreed to it being shown"),
        required=False,
    )
    stem = "evidence"

    def __init__(self, *args, user=None, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_chunked(user, project)

    def clean_file(self):
        return self._clean_upload(self.cleaned_data.get("file"))


class PosterUploadForm(ChunkedUploadMixin, forms.Form):
    poster = forms.FileField(
        label=_("Poster (image or PDF)"),
        help_text=_("JPEG, PNG, WebP or PDF; the first page of a PDF is shown."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    file_field, stem, file_required = "poster", "poster", True

    def __init__(self, *args, user=None, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_chunked(user, project)

    def clean_poster(self):
        return self._clean_upload(self.cleaned_data.get("poster"))


class PosterTemplateForm(forms.Form):
    poster_concern = forms.CharField(label=_("The concern"), widget=forms.Textarea, max_length=1500)
    poster_did = forms.CharField(label=_("What I did"), widget=forms.Textarea, max_length=1500)
    poster_changed = forms.CharField(label=_("What changed"), widget=forms.Textarea, max_length=1500)
    poster_evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea, max_length=1500, required=False)
    poster_next = forms.CharField(label=_("Next steps"), widget=forms.Textarea, max_length=1500, required=False)


class WriteupForm(forms.Form):
    writeup = forms.CharField(
        label=_("Write-up"),
        widget=forms.Textarea(attrs={"rows": 20, "data-autosave": "writeup"}),
        max_length=20000,
        help_text=_("About 800 words. Leave an empty line between paragraphs."),
    )
    consent_pupils = forms.BooleanField(
        label=_("Pupils' faces and names appear only where pupils and parents consented"), required=False
    )
    consent_publish = forms.BooleanField(
        label=_("I agree that this case study is published on Ortaq after review"), required=False
    )
    hide_school = forms.BooleanField(label=_('Show my school only as "a rural school in my region"'), required=False)

    @classmethod
    def initial_for(cls, project) -> dict:
        return {
            "writeup": html_to_text(project.writeup),
            "consent_pupils": project.consent_pupils,
            "consent_publish": project.consent_publish,
            "hide_school": project.hide_school,
        }


class SubmitForm(forms.Form):
    """Submitting asks for the consent checklist once more."""

    consent_pupils = forms.BooleanField(
        label=_("Pupils' faces and names appear only where pupils and parents consented")
    )
    consent_publish = forms.BooleanField(label=_("I agree that this case study is published on Ortaq after review"))


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=[(s, label) for s, label in Stage.choices if s != Stage.PUBLISHED])


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("changes", _("Request changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments for the teacher"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=4000
    )
    # The revision the reviewer read: approving it publishes exactly it; a newer one (an edit) must be read first.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "changes" and not data.get("comment", "").strip():
            self.add_error("comment", _("Please say what should change."))
        return data


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=255, validators=[single_line])
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False, max_length=2000)
    body = forms.CharField(label=_("Write-up"), widget=forms.Textarea(attrs={"rows": 16}), max_length=20000)


class CaseStudyFilterForm(forms.Form):
    """The case-study filters: a plain GET form."""

    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, to_field_name="slug", empty_label=_("Any")
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, to_field_name="slug", empty_label=_("Any")
    )
    subject = forms.ChoiceField(label=_("Subject"), choices=[("", _("Any"))] + Subject.choices, required=False)
    written_in = forms.ChoiceField(
        label=_("Written in"), choices=[("", _("Any"))] + list(settings.LANGUAGES), required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        from projects.selectors import list_case_study_years

        super().__init__(*args, **kwargs)
        self.fields["theme"].label_from_instance = lambda obj: obj.local_name
        self.fields["region"].label_from_instance = lambda obj: obj.local_name
        self.fields["year"].choices = [("", _("Any"))] + [(y, str(y)) for y in list_case_study_years()]


class DashboardFilterForm(forms.Form):
    """The facilitator dashboard's filters (GET)."""

    group = forms.ModelChoiceField(label=_("Group"), queryset=None, required=False, empty_label=_("All groups"))
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    idle = forms.BooleanField(label=_("Idle only"), required=False)

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["stage"].choices = [("", _("Every stage")), ("in_review", _("In review")), *Stage.choices]


class ConfirmDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I want to delete it; this cannot be undone"))
