"""Public-site views: search, the low-data switch, the offline page, the service worker and the sitemap."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from cms import selectors
from forums import selectors as forum_selectors

RESULTS_PER_PAGE = 10
LOW_DATA_MAX_AGE = 60 * 60 * 24 * 365


@require_GET
def search(request):
    """Live public pages of the current language matching the words typed, with highlighted excerpts."""
    outcome = selectors.parse_query(request.GET.get("q", ""))
    results, posts = [], []
    page = None
    if not outcome.problem:
        locale = Locale.get_active()
        terms = selectors.search_terms(words=outcome.words, language=locale.language_code)
        matches = selectors.search_pages(words=outcome.words, locale=locale)
        page = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        found = list(page.object_list)
        texts = selectors.page_texts(found)
        results = [
            {
                "page": p,
                "url": p.get_url(request=request),
                "excerpt": selectors.highlight(texts.get(p.pk, ""), terms),
            }
            for p in found
        ]
        # Forum posts the reader may read, beside the pages (the forums' own search pages through all of them).
        found_posts = forum_selectors.search_posts(viewer=request.user, query=" ".join(outcome.words))
        posts = [
            {"post": post, "excerpt": selectors.highlight(post.body, terms)} for post in found_posts[:RESULTS_PER_PAGE]
        ]
    context = {"query": outcome.query, "problem": outcome.problem, "results": results, "page_obj": page, "posts": posts}
    return render(request, "cms/search.html", context)


# Exempt from CSRF on purpose: it only flips the sender's own display preference, so a forged
# request can do no harm, and anonymous pages stay free of tokens (and therefore cacheable).
@csrf_exempt
@require_POST
def low_data(request):
    """Switch low-data mode on or off (a cookie), then go back to the page the reader was on."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("mode") == "on":
        response.set_cookie(
            selectors.LOW_DATA_COOKIE,
            "1",
            max_age=LOW_DATA_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,  # like the session and language cookies
        )
    else:
        response.delete_cookie(selectors.LOW_DATA_COOKIE, samesite="Lax")
    return response


@require_GET
def offline(request):
    """Shown by the service worker when a page is not saved on this device and the network is gone."""
    return render(request, "cms/offline.html")


@require_GET
def service_worker(request):
    """The service worker at the site root so it may control every language prefix."""
    path = finders.find("cms/js/sw.js")
    if not path:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def sitemap(request):
    """Every live public page in every language, each with hreflang alternates and x-default (kk)."""
    entries = selectors.list_sitemap_entries(request=request)
    return render(request, "cms/sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8")
