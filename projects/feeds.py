"""/feeds/case-studies.xml: published case studies in every language (RSS 2.0)."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext_lazy as _

from projects import selectors


class CaseStudyFeed(Feed):
    title = _("Ortaq case studies")
    link = "/kk/case-studies/"
    description = _("Teachers in rural schools lead change in their practice: published case studies.")

    def items(self):
        return selectors.list_feed_case_studies()

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
