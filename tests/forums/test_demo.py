"""The demo forums: realistic, big enough to benchmark, and safe to seed twice."""

from cms import demo as cms_demo
from forums import demo
from forums.models import Board, Post, Thread
from network import demo as network_demo


def test_demo_forums_are_seeded_once_with_a_200_post_benchmark_thread(client, db):
    network_demo.seed()
    cms_demo.seed()
    first = demo.seed()
    counts = (Board.objects.count(), Thread.objects.count(), Post.objects.count())
    demo.seed()
    assert (Board.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    assert Thread.objects.count() >= 8 and Post.objects.count() >= 240
    assert first["benchmark"].posts.count() == 200 and "Benchmark" in first["benchmark"].title
    assert Board.objects.filter(kind=Board.Kind.GROUP).count() == 3
    html = client.get("/kk/forums/").content.decode()
    assert "Зертханасыз зертханалық жұмыс" in html and "Almaty rural teachers" not in html
