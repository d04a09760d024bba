from django.urls import path

from projects.feeds import CaseStudyFeed

urlpatterns = [
    path("feeds/case-studies.xml", CaseStudyFeed(), name="case_study_feed"),
]
