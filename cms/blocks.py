"""Home-page blocks: the introduction, chosen pages, the latest pages under a section, figures by region."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class IntroductionBlock(blocks.StructBlock):
    """What teacher-led development is, in a few paragraphs."""

    heading = blocks.CharBlock(required=False, max_length=120, label=_("Heading"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Introduction")
        template = "cms/blocks/introduction_block.html"


class FeaturedPagesBlock(blocks.StructBlock):
    """Hand-picked pages (case studies, events, …) shown as cards."""

    heading = blocks.CharBlock(required=False, max_length=120, label=_("Heading"))
    pages = blocks.ListBlock(blocks.PageChooserBlock(), label=_("Pages"))

    class Meta:
        icon = "pick"
        label = _("Featured pages")
        template = "cms/blocks/featured_pages_block.html"


class UpcomingPagesBlock(blocks.StructBlock):
    """The newest live public children of a chosen section page (e.g. the events index), newest first."""

    heading = blocks.CharBlock(required=False, max_length=120, label=_("Heading"))
    parent = blocks.PageChooserBlock(label=_("Section"))
    limit = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("How many"))

    class Meta:
        icon = "date"
        label = _("Latest pages of a section")
        template = "cms/blocks/upcoming_pages_block.html"

    def get_context(self, value, parent_context=None):
        from cms import selectors

        context = super().get_context(value, parent_context=parent_context)
        parent = value.get("parent")
        context["items"] = selectors.list_upcoming_pages(parent=parent, limit=value.get("limit") or 3) if parent else []
        return context


class RegionFiguresBlock(blocks.StructBlock):
    """How many schools and members the network has in each region (computed, one query)."""

    heading = blocks.CharBlock(required=False, max_length=120, label=_("Heading"))

    class Meta:
        icon = "table"
        label = _("Figures by region")
        template = "cms/blocks/region_figures_block.html"

    def get_context(self, value, parent_context=None):
        from cms import selectors

        context = super().get_context(value, parent_context=parent_context)
        context["regions"] = selectors.list_region_figures()
        return context


class HomeStreamBlock(blocks.StreamBlock):
    introduction = IntroductionBlock()
    featured_pages = FeaturedPagesBlock()
    upcoming_pages = UpcomingPagesBlock()
    region_figures = RegionFiguresBlock()
