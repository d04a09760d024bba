"""Forms of the poster session: offer a poster, decide on an offer, assign boards and groups."""

from django import forms
from django.utils.translation import gettext_lazy as _

# --- Posters at network events ------------------------------------------------------------------------------


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class PosterOfferForm(forms.Form):
    """A registrant offers one of their projects' posters for an event's poster session."""

    project = ProjectChoiceField(label=_("Which poster?"), queryset=None, empty_label=None)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class PosterDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class GalleryWalkForm(forms.Form):
    """The organisers' "assign boards and groups": how many walk together, and how long at each board."""

    group_size = forms.IntegerField(label=_("People per group"), min_value=2, max_value=30, initial=4)
    rotation_minutes = forms.IntegerField(label=_("Minutes at each board"), min_value=3, max_value=60, initial=10)
