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
