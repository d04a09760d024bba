"""Public pages (home, About, the leadership cycle, Privacy) and the translatable footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import PageChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.blocks import HomeStreamBlock
from network.stemming import StemmedSearchMixin


class SocialImageMixin(models.Model):
    """An optional image for link previews (Open Graph / Twitter cards); base.html reads `page.social_image`."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image for link previews"),
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True


class HomePage(StemmedSearchMixin, SocialImageMixin, Page):
    """The public front door, one per language."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_stems"),
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def __str__(self) -> str:
        return self.title


class StandardPage(StemmedSearchMixin, SocialImageMixin, Page):
    """About, how the teacher-leadership cycle works, privacy."""

    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body"), index.SearchField("search_stems")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def __str__(self) -> str:
        return self.title


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    """The footer's words and links, one per language (translated with wagtail-localize)."""

    text = RichTextField(_("text"), features=["bold", "italic", "link"])
    links = StreamField(
        [("page", PageChooserBlock(label=_("Page")))],
        blank=True,
        verbose_name=_("links"),
    )

    panels = [FieldPanel("text"), FieldPanel("links")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.locale})"
