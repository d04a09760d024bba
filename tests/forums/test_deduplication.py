"""Things that notify someone cannot be repeated into a flood: one flag per member per post, notifications collapsed."""

from forums import services
from forums.models import Flag
from network.models import Notification


def test_one_member_flagging_a_post_thirty_times_is_one_flag_and_one_notification(
    thread, teacher, teacher2, admin_user
):
    post = thread.posts.first()
    for _attempt in range(30):
        services.flag_post(post=post, reporter=teacher2, reason="spam")
    assert Flag.objects.filter(post=post, reporter=teacher2).count() == 1
    assert Notification.objects.filter(recipient=admin_user, kind="forum.flag").count() == 1


def test_flags_from_several_members_wait_as_one_unread_notification(thread, teacher, teacher2, admin_user, outsider):
    post = thread.posts.first()
    for reporter in (teacher2, outsider):
        services.flag_post(post=post, reporter=reporter, reason="spam")
    assert Flag.objects.filter(post=post).count() == 2
    assert Notification.objects.filter(recipient=admin_user, kind="forum.flag", read_at__isnull=True).count() == 1
