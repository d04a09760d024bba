"""Teachers' voice: the public page, its open data (CSV, JSON), the oblast brief (HTML, PDF), the member's opt-out.

Thin: projects/voice/selectors.py computes and suppresses every figure; exports.py writes the files.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from network import services as network_services
from network.models import Region
from projects.voice import exports, selectors

EXPORT_MAX_AGE = 300


def _filters(request, cube) -> tuple:
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in cube.years else selectors.ALL
    slug = request.GET.get("region", "")
    region = Region.objects.filter(slug=slug).first() if slug else None
    return year, region


@require_GET
def voice(request):
    """Public: the concerns teachers work on, by theme and oblast (districts inside an oblast), year and stage."""
    cube = selectors.build_cube()
    year, region = _filters(request, cube)
    context = {
        "voice": selectors.voice_page(year=year, region=region, cube=cube),
        "meta_title": _("Teachers' voice"),
        "meta_description": _("What teachers in rural schools of Kazakhstan are working on, by theme and oblast."),
    }
    if request.user.is_authenticated:
        context["shares"] = request.user.share_in_statistics
    return render(request, "projects/voice.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=EXPORT_MAX_AGE)
    return response


@require_GET
def voice_csv(request):
    day = selectors.data_date()
    content = exports.to_csv(selectors.export_rows(), data_date=day)
    return _download(content, "text/csv; charset=utf-8", exports.file_name(day, "csv"))


@require_GET
def voice_json(request):
    day = selectors.data_date()
    content = exports.to_json(
        selectors.export_rows(), data_date=day, themes=selectors.list_themes(), regions=selectors.list_regions()
    )
    return _download(content, "application/json", exports.file_name(day, "json"))


def _brief(request, slug: str) -> dict:
    region = get_object_or_404(Region, slug=slug)
    cube = selectors.build_cube()
    year, _region = _filters(request, cube)
    return selectors.oblast_brief(region=region, language=get_language(), year=year, cube=cube)


@require_GET
def voice_brief(request, slug):
    """Printable one-page brief for an oblast education department (the browser's "Print" makes paper)."""
    return render(request, "projects/voice_brief.html", {"brief": _brief(request, slug)})


@require_GET
def voice_brief_pdf(request, slug):
    brief = _brief(request, slug)
    title = _("Teachers' voice: %(region)s") % {"region": brief["region"].local_name}
    content = exports.brief_pdf(brief, title=title, absolute=request.build_absolute_uri)
    response = HttpResponse(content, content_type="application/pdf")
    name = exports.file_name(brief["page"].data_date, "pdf", region_slug=brief["region"].slug)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    patch_cache_control(response, public=True, max_age=EXPORT_MAX_AGE)
    return response


@login_required
@require_POST
def voice_share(request):
    """The member counts their projects in the public figures, or stops."""
    share = request.POST.get("share")
    if share not in ("on", "off"):
        raise Http404
    network_services.set_share_in_statistics(user=request.user, share=share == "on")
    if share == "on":
        messages.success(request, _("Your projects are counted in the public figures again."))
    else:
        messages.success(request, _("Your projects are no longer counted in the public figures."))
    return redirect(reverse("projects:voice"))
