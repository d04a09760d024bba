"""Forms for network events: register, check in with the venue code, mark attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Registration


class RegistrationForm(forms.Form):
    presentation = forms.CharField(
        label=_("What I will present (optional)"),
        help_text=_("A sentence or two about the change you led, if you bring a poster."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"), max_length=12, help_text=_("The code shown at the venue or in the online meeting.")
    )
    attendance = forms.ChoiceField(
        label=_("I am taking part"),
        choices=[(Registration.Attendance.IN_PERSON, _("in person")), (Registration.Attendance.ONLINE, _("online"))],
        initial=Registration.Attendance.IN_PERSON,
        widget=forms.RadioSelect,
    )


class AttendanceForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Registration.Attendance.choices, required=False)
    q = forms.CharField(required=False, max_length=100)  # the organiser's search, kept on the way back


class DoorSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or school"), required=False, max_length=100)


class WalkInForm(forms.Form):
    """A member who did not register: picked from the search (`member`) or by their e-mail."""

    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    email = forms.EmailField(label=_("E-mail of a member who did not register"), required=False)
    q = forms.CharField(required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if not data.get("member") and not data.get("email"):
            raise forms.ValidationError(_("Choose a member or type their e-mail."), code="empty")
        return data
