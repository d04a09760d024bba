"""StreamField blocks of case studies."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class EvidenceBlock(blocks.StructBlock):
    """What changed in class, with an optional photo as proof (shown only with consent)."""

    kind = blocks.CharBlock(label=_("Kind of evidence"), required=False)
    observation = blocks.TextBlock(label=_("What changed?"))
    photo = ImageChooserBlock(required=False, label=_("Photo"))

    class Meta:
        template = "projects/blocks/evidence_block.html"
        icon = "doc-full"
        label = _("Evidence")


class CaseStudyStreamBlock(blocks.StreamBlock):
    evidence = EvidenceBlock()
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
