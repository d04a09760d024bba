"""`make run`: Daphne's runserver (HTTP + WebSockets), whose static-files handler answers 404, never 500, to a path
that climbs out of the static folders (`/static/../db.sqlite3`)."""

from daphne.management.commands.runserver import Command as DaphneRunserverCommand
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.exception import response_for_exception
from django.http import Http404


class SafeStaticFilesHandler(ASGIStaticFilesHandler):
    """Django's development static handler, with a suspicious path (e.g. `..`) answered like a missing file."""

    def serve(self, request):
        try:
            return super().serve(request)
        except SuspiciousOperation as error:
            raise Http404("no such static file") from error

    def get_response(self, request):
        try:
            return super().get_response(request)
        except SuspiciousOperation:  # pragma: no cover - serve() already turns it into a 404
            return response_for_exception(request, Http404())


class Command(DaphneRunserverCommand):
    def get_application(self, options):
        application = super().get_application(options)
        if isinstance(application, ASGIStaticFilesHandler):
            return SafeStaticFilesHandler(application.application)
        return application
