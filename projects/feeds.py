"""Case-study feeds (RSS 2.0): `/<lang>/feeds/case-studies.xml` lists the case studies published in that language,
marked with it; the unprefixed `/feeds/case-studies.xml` (CONTRACT.md) lists every language and claims none."""

from django.contrib.syndication.views import Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects import selectors


class CaseStudyFeed(Feed):
    """Every language (unprefixed URL): each item names its language among its categories."""

    title = _("Ortaq case studies")
    link = "/kk/case-studies/"
    description = _("Teachers in rural schools lead change in their practice: published case studies.")

    def items(self):
        return selectors.list_feed_case_studies()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = None  # items in kk, ru and en: no single <language>
        return feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url or "/"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.locale.language_code, item.get_subject_display()]


class LanguageCaseStudyFeed(CaseStudyFeed):
    """The case studies published in the current language (the URL's prefix), marked `<language>` with it."""

    def link(self):
        return f"/{get_language()}/case-studies/"

    def items(self):
        return selectors.list_feed_case_studies(language=get_language())

    def get_feed(self, obj, request):
        return Feed.get_feed(self, obj, request)  # language: the URL's (Feed uses get_language())
