"""factory-boy factories shared by every test module."""

import factory
from allauth.account.models import EmailAddress

from network.models import District, Membership, Region, School, TeacherGroup, User, opaque_username

PASSWORD = "ortaq-test-pass"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    name_kk = factory.LazyAttribute(lambda o: f"{o.name} облысы")
    slug = factory.Sequence(lambda n: f"region-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"District {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Village School No. {n}")
    region = factory.SubFactory(RegionFactory)
    locality = "Aul"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    username = factory.LazyFunction(opaque_username)
    display_name = factory.Sequence(lambda n: f"Teacher {n}")
    school = factory.SubFactory(SchoolFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class FacilitatorFactory(UserFactory):
    is_facilitator = True
    school = None


class TeacherGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeacherGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    facilitator = factory.SubFactory(FacilitatorFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(TeacherGroupFactory)
    user = factory.SubFactory(UserFactory)


def make_case_study(*, index, title: str, live: bool = True, themes=(), **fields):
    """A case study directly under `index` (a CaseStudyIndexPage), published unless `live=False`."""
    from django.utils.text import slugify

    from projects.models import CaseStudyPage

    fields.setdefault("original_language", index.locale.language_code)
    page = CaseStudyPage(
        title=title, slug=slugify(title, allow_unicode=True) or "cs", locale=index.locale, live=live, **fields
    )
    index.add_child(instance=page)
    page.themes.set(list(themes))
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def make_image(title: str = "Poster"):
    """A small public Wagtail image (a poster as published)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    out = io.BytesIO()
    PILImage.new("RGB", (600, 840), (11, 93, 107)).save(out, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(out, name="poster.png"))
