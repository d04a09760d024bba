"""Forms of the forums: every action works as a plain form post."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forums import markup
from forums.models import Feedback, NotificationSettings
from forums.services import MAX_ANNOUNCEMENT, MAX_BODY
from network.uploads import clean_image
from network.validators import single_line

BODY_HELP = _(
    "**bold**, *italic*, lists with “- ”, quotes with “> ”, links; “@” and a name, or the list below, "
    "to mention a colleague."
)


class MentionSelect(forms.Select):
    """The mention picker's `<select>`, its options written in one pass: the stock widget renders a template per
    option, which for a group of 150 was over half of a thread page's render time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value in (None, "") else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) == chosen else "", label) for key, label in self.choices),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


class PostForm(forms.Form):
    """A reply. `mention_choices` (members by display name, `mentions.list_mention_candidates`) adds a plain
    select: the member chosen is mentioned at the start of the reply, no JavaScript needed (with it, the page
    inserts the mention where the cursor is and suggests names as one types “@”)."""

    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_BODY, help_text=BODY_HELP
    )
    mention = forms.TypedChoiceField(
        label=_("Mention a colleague"), required=False, coerce=int, empty_value=None, widget=MentionSelect
    )
    image = forms.FileField(label=_("Photo (optional)"), required=False)
    client_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, mention_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentionable = {user.pk: user for user in mention_choices or []}
        if not self.mentionable:
            del self.fields["mention"]
            return
        choices = [("", _("— nobody —"))] + [(pk, user.display_name) for pk, user in self.mentionable.items()]
        self.fields["mention"].choices = choices
        self.fields["mention"].widget.attrs["data-mention-picker"] = "1"

    def clean(self):
        data = super().clean()
        chosen = self.mentionable.get(data.get("mention"))
        if chosen is not None and data.get("body"):
            token = markup.mention_token(chosen)
            if token not in data["body"]:
                data["body"] = f"{token} {data['body']}"
        return data

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return clean_image(upload, stem="photo").file


class ThreadForm(PostForm):
    title = forms.CharField(label=pgettext_lazy("forum thread", "Title"), max_length=200, validators=[single_line])

    field_order = ["title", "body", "image"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your message")


class EditPostForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=MAX_BODY, help_text=BODY_HELP
    )


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the board's moderators see your report."),
    )


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = list(Feedback.ANSWERS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Feedback.ANSWERS}

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in Feedback.ANSWERS):
            raise ValidationError(_("Please answer at least one of the questions."))
        return data


class FeedbackReplyForm(forms.Form):
    reply = forms.CharField(label=_("Your answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email_digest", "email_replies", "email_mentions", "email_feedback"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forums"), max_length=200, required=False)


class AnnouncementForm(forms.Form):
    text = forms.CharField(
        label=_("Announcement"),
        max_length=MAX_ANNOUNCEMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Plain text, everyone in the live room sees it at once."),
    )
