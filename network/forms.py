"""Forms of the network: the extra sign-up fields allauth asks for."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network import selectors, services
from network.models import Region, School
from network.validators import single_line


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return f"{obj.local_name} ({obj.region.local_name})"


class SignupForm(forms.Form):
    """Name, region, school (listed, or a new one to confirm) and language; allauth adds e-mail and password."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("As colleagues know you, e.g. Aigerim Bekova."),
        validators=[single_line],
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), empty_label=_("Choose…"))
    school = SchoolChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("My school is not on the list"),
    )
    proposed_school = forms.CharField(
        label=_("New school"),
        max_length=200,
        required=False,
        validators=[single_line],
        help_text=_("Only if your school is not on the list: its full name. A facilitator will confirm it."),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    field_order = ["display_name", "email", "password1", "password2", "region", "school", "proposed_school"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = selectors.list_schools_for_signup()

    def clean(self):
        data = super().clean()
        region, school, proposed = data.get("region"), data.get("school"), data.get("proposed_school", "").strip()
        if region and school and school.region_id != region.pk:
            self.add_error("school", _("This school is in another region. Choose a school in your region."))
        if not school and not proposed:
            self.add_error("proposed_school", _("Choose your school from the list or type its name here."))
        return data

    def signup(self, request, user):
        """Called by allauth once the user row exists."""
        services.complete_signup(
            user=user,
            display_name=self.cleaned_data["display_name"],
            preferred_language=self.cleaned_data["preferred_language"],
            region=self.cleaned_data["region"],
            school=self.cleaned_data.get("school"),
            proposed_school_name=self.cleaned_data.get("proposed_school", ""),
        )


class ConfirmSchoolForm(forms.Form):
    """The proposed school a facilitator confirms on /schools/proposed/ (any other value is simply not found)."""

    school = forms.ModelChoiceField(queryset=School.objects.filter(is_confirmed=False))


class ProfileForm(forms.Form):
    """What a member changes about herself: name, school (and whether others read its name), preferred language."""

    display_name = forms.CharField(label=_("Your name"), max_length=150, validators=[single_line])
    school = SchoolChoiceField(label=_("School"), queryset=School.objects.none(), required=False)
    hide_school = forms.BooleanField(
        label=_('Show my school only as "a rural school in my region"'),
        help_text=_("On forum posts, certificates, poster labels, case studies and event lists."),
        required=False,
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        schools = selectors.list_schools_for_signup()
        if user is not None and user.school_id:  # her own school stays choosable even before it is confirmed
            schools = schools | School.objects.filter(pk=user.school_id)
        self.fields["school"].queryset = schools


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete my account"))
