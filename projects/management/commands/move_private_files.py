"""Move private project files kept by older versions under MEDIA_ROOT/private into the private storage."""

from django.core.management.base import BaseCommand

from projects.storage import legacy_private_root, move_private_files


class Command(BaseCommand):
    help = "Move files from MEDIA_ROOT/private into the private storage (PRIVATE_MEDIA_ROOT); safe to re-run."

    def handle(self, *args, **options):
        moved, kept = move_private_files()
        self.stdout.write(f"{moved} moved, {kept} already there (from {legacy_private_root()})")
