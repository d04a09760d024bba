"""PDF posters: page 1 rendered as an image for display."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def render_pdf_first_page(data: bytes) -> tuple[bytes, int, int]:
    """Page 1 of a PDF as a PNG (about 1600 px wide) for display; ValidationError if the PDF cannot be read."""
    import pypdfium2

    unreadable = ValidationError(_("This PDF could not be read; please export it again or upload an image."))
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise unreadable from error
    try:
        if len(pdf) == 0:
            raise unreadable
        page = pdf[0]
        width_pt = page.get_width() or 1
        bitmap = page.render(scale=min(4.0, 1600 / width_pt))
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG", optimize=True)
        return out.getvalue(), image.width, image.height
    finally:
        pdf.close()
