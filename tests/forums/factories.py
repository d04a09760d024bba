"""Factories of the forums tests."""

import factory

from forums.models import Board


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("slug",)

    kind = Board.Kind.THEME
    slug = factory.Sequence(lambda n: f"board-{n}")
    title = factory.Sequence(lambda n: f"Board {n}")


class GroupBoardFactory(BoardFactory):
    kind = Board.Kind.GROUP
