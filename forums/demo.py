"""Demo forums: themed boards, each demo group's private board, threads in kk/ru/en, a 200-post
benchmark thread, and gallery-walk feedback on the projects app's pages (idempotent)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from forums import markup, services
from forums.models import Board, Feedback, Post, PostEvent, Thread, ThreadFollow
from network.languages import guess_language
from network.models import EventPage, TeacherGroup, User

THEMES = [
    # slug, English, Kazakh, Russian, description (English, Kazakh, Russian)
    (
        "lab-without-laboratory",
        "Lab work without a laboratory",
        "Зертханасыз зертханалық жұмыс",
        "Лабораторные работы без лаборатории",
        (
            "Experiments with jars, seeds, phones and what the village has.",
            "Банкалармен, тұқымдармен, телефонмен және ауылда бар заттармен жасалатын тәжірибелер.",
            "Опыты с банками, семенами, телефонами и тем, что есть в селе.",
        ),
    ),
    (
        "multigrade-classes",
        "Multigrade classes",
        "Аралас сыныптар",
        "Малокомплектные классы",
        (
            "Teaching two or three grades in one room.",
            "Бір бөлмеде екі-үш сыныпты қатар оқыту.",
            "Как вести два-три класса в одной комнате.",
        ),
    ),
    (
        "mentoring-new-teacher",
        "Mentoring a new teacher",
        "Жас мұғалімге тәлімгерлік",
        "Наставничество молодого учителя",
        (
            "Supporting colleagues in their first years.",
            "Алғашқы жылдарындағы әріптестерге қолдау көрсету.",
            "Поддержка коллег в первые годы работы.",
        ),
    ),
    (
        "unstable-internet",
        "Unstable internet",
        "Тұрақсыз интернет",
        "Нестабильный интернет",
        (
            "Lessons and learning when the connection comes and goes.",
            "Байланыс бірде бар, бірде жоқ кезде сабақ пен оқу.",
            "Уроки и учёба, когда связь то есть, то нет.",
        ),
    ),
]

BENCHMARK_TITLE = "Benchmark: 200 replies — offline lesson ideas"

THREADS = [
    (
        "lab-without-laboratory",
        "Пластик бөтелкелерден жасалған зертхана",
        "teacher@example.org",
        [
            (
                "teacher@example.org",
                "Әріптестер, біздің мектепте химия зертханасы жоқ. 8-сыныпта **қышқылдар мен негіздер** "
                "тақырыбын қалай көрнекі өткізуге болады?",
            ),
            (
                "teacher2@example.org",
                "Біз қызыл қырыққабаттың шырынын индикатор ретінде қолдандық. Сірке суы, сода, "
                "сабын — бәрі ауылда бар.\n\n- қырыққабатты қайнату\n- шырынды сүзу\n- бөтелкелерге құю",
            ),
            (
                "dana.tulegenova@example.org",
                "@teacher2 керемет идея! Мен оқушыларға түсті телефонмен суретке түсіртіп, кесте толтырттым.",
            ),
            ("erlan.mukanov@example.org", "Қауіпсіздік туралы ұмытпаңыз: сірке суын балаларға сұйылтып беріңіз."),
            (
                "teacher@example.org",
                "> Біз қызыл қырыққабаттың шырынын индикатор ретінде қолдандық\n\nРахмет! Келесі "
                "аптада сынап көремін, нәтижесін осында жазамын.",
            ),
        ],
    ),
    (
        "lab-without-laboratory",
        "Физика: маятник на нитке и секундомер в телефоне",
        "aliya.nurlanovna@example.org",
        [
            (
                "aliya.nurlanovna@example.org",
                "Коллеги, делюсь опытом: период маятника измеряли гайкой на нитке и "
                "секундомером телефона. Ошибка оказалась меньше 5%.",
            ),
            ("saule.ismailova@example.org", "Отличная работа! А как вы организовали группы, если телефонов мало?"),
            (
                "aliya.nurlanovna@example.org",
                "Один телефон на группу из четырёх: один держит нить, один считает "
                "колебания, один записывает, один засекает время. Потом меняются ролями.",
            ),
            (
                "facilitator@example.org",
                "@aliya.nurlanovna это хороший материал для постера на сетевом событии. "
                "Сфотографируйте таблицы учеников.",
            ),
            ("saule.ismailova@example.org", "Попробую в 9 классе. *Спасибо!*"),
        ],
    ),
    (
        "multigrade-classes",
        "Екі сыныпты бір сабақта қалай жоспарлаймын",
        "dana.tulegenova@example.org",
        [
            (
                "dana.tulegenova@example.org",
                "Менде 2 және 4-сынып бірге оқиды. Сабақтың бірінші жартысында 4-сынып "
                "өздігінен жұмыс істейді, мен 2-сыныппен оқимын.",
            ),
            (
                "teacher@example.org",
                "Біз «аға оқушы» әдісін қолданамыз: 4-сынып оқушысы кішілерге оқып береді. Екі жаққа да пайдалы.",
            ),
            (
                "marat.abenov@example.org",
                "Тапсырма карточкаларын түрлі түсті қағазға басып шығарамын — әр сыныптың "
                "өз түсі бар. Балалар шатаспайды.",
            ),
            ("dana.tulegenova@example.org", "Түсті карточкалар — тамаша идея, @marat.abenov рахмет!"),
            ("teacher2@example.org", "Бағалауды қалай жүргізесіздер? Мен әр сыныпқа бөлек критерий жазамын."),
        ],
    ),
    (
        "multigrade-classes",
        "Reading corner for mixed ages",
        "asel.kairatova@example.org",
        [
            (
                "asel.kairatova@example.org",
                "We set up a reading corner with books sorted by level, not by grade. "
                "Pupils from grades 1 to 4 choose by colour stickers.",
            ),
            ("aliya.nurlanovna@example.org", "Where did you get the books? Our library is mostly old textbooks."),
            (
                "asel.kairatova@example.org",
                "Parents donated some, and we printed short stories from the open library. "
                "The older pupils **illustrate** them for the younger ones.",
            ),
            ("teacher@example.org", "Parents helping is key. We invited grandmothers to read Kazakh tales on Fridays."),
            ("asel.kairatova@example.org", "What a lovely idea, I'll suggest it at our next parents' meeting."),
        ],
    ),
    (
        "mentoring-new-teacher",
        "Первый год в сельской школе: с чего начать наставнику",
        "saule.ismailova@example.org",
        [
            (
                "saule.ismailova@example.org",
                "В этом году к нам пришла молодая учительница биологии. Какие первые шаги "
                "наставника вы бы посоветовали?",
            ),
            (
                "facilitator@example.org",
                "1. Совместное планирование одного урока в неделю\n2. Взаимопосещение — "
                "сначала она у вас, потом вы у неё\n3. Короткая беседа после урока: *что получилось, что дальше*",
            ),
            ("erlan.mukanov@example.org", "И не перегружайте её классным руководством в первый год, если есть выбор."),
            ("saule.ismailova@example.org", "Спасибо, @facilitator — возьму этот план за основу."),
            (
                "aliya.nurlanovna@example.org",
                "Ещё важно просто спрашивать, как дела. Первый год в селе бывает одиноким.",
            ),
        ],
    ),
    (
        "mentoring-new-teacher",
        "Observing lessons without judging",
        "facilitator@example.org",
        [
            (
                "facilitator@example.org",
                "When you observe a new colleague, write down only what pupils say and do. "
                "Talk about evidence, not about the teacher.",
            ),
            ("asel.kairatova@example.org", "This changed how my mentor and I talk. It feels like a shared puzzle."),
            ("teacher2@example.org", "Бақылау парағының үлгісі бар ма? Is there a template we could share?"),
            ("facilitator@example.org", "I'll post one on our group board this week."),
            ("marat.abenov@example.org", "Looking forward to it. We could translate it into Kazakh and Russian too."),
        ],
    ),
    (
        "unstable-internet",
        "Интернет жоқта онлайн тапсырмалар",
        "erlan.mukanov@example.org",
        [
            (
                "erlan.mukanov@example.org",
                "Біздің ауылда интернет кешке ғана жұмыс істейді. Онлайн платформадағы тапсырмаларды қалай береміз?",
            ),
            (
                "teacher@example.org",
                "Мектепте Wi‑Fi бар кезде видеоларды алдын ала жүктеп аламын, сабақта флешкадан көрсетемін.",
            ),
            (
                "bakhyt.amanov@example.org",
                "Мы раздаём задания через WhatsApp — сообщения доходят, даже когда "
                "связь слабая. Фото тетрадей ученики присылают вечером.",
            ),
            ("erlan.mukanov@example.org", "@bakhyt.amanov ата-аналар қарсы емес пе?"),
            ("bakhyt.amanov@example.org", "Мы обсудили на собрании и договорились о времени: до 21:00."),
        ],
    ),
    (
        "unstable-internet",
        "Offline-first: what works on a weak signal",
        "arman.kuanyshev@example.org",
        [
            (
                "arman.kuanyshev@example.org",
                "Sharing what works for us in Mangystau: PDFs instead of videos, "
                "and tasks that need only one short upload.",
            ),
            ("nurlan.dosov@example.org", "Біз Kahoot орнына қағаз карточкалармен викторина өткіземіз — нәтиже бірдей."),
            (
                "timur.yessenov@example.org",
                "Проверяем домашние задания по фото: одна фотография — одна страница, так грузится быстрее.",
            ),
            ("arman.kuanyshev@example.org", "Good tip, @timur.yessenov. Smaller photos really help on 3G."),
            ("gaukhar.serikova@example.org", "Бұл форумның өзі де баяу интернетте жақсы жұмыс істейді 🙂"),
        ],
    ),
]

GROUP_THREADS = [
    # group slug, title, [(author, body)]
    (
        "almaty-science-and-more",
        "Плакаттарды желілік іс-шараға дайындау",
        [
            ("facilitator@example.org", "Әріптестер, келесі іс-шараға дейін постерлердің жобасын осында талқылайық."),
            ("teacher@example.org", "Мен тұқым өсіру жобасының суреттерін жинап жатырмын."),
            ("teacher2@example.org", "Мен қырыққабат индикаторы туралы дайындаймын."),
        ],
    ),
    (
        "mangystau-leaders",
        "План встреч на четверть",
        [
            ("facilitator2@example.org", "Предлагаю встречаться онлайн каждую вторую среду в 16:00."),
            ("bakhyt.amanov@example.org", "Удобно. Если связь пропадёт — продолжим в этой теме."),
        ],
    ),
    (
        "abai-network",
        "Жаңа мүшелермен танысу",
        [
            ("facilitator@example.org", "Абай облысының желісіне қош келдіңіздер! Өзіңіз туралы қысқаша жазыңыз."),
            ("madina.zhumabayeva@example.org", "Мадина, Қараул мектебі, бастауыш сынып мұғалімімін."),
            ("svetlana.kim@example.org", "Светлана, Аягоз, учитель английского языка."),
        ],
    ),
]

BENCHMARK_LINES = [
    "Print the task the evening before, while the internet works.",
    "Бір видеоны сыныпта бірге қарап, сосын талқылаймыз.",
    "Используем радио-урок: короткая запись на телефоне, слушаем все вместе.",
    "Pupils take photos of their notebooks and send them when they reach the centre of the village.",
    "Тапсырманы SMS арқылы жіберу де жұмыс істейді.",
    "Делаем «офлайн-папку» на школьном компьютере с материалами на неделю.",
]

FEEDBACK = [
    (
        "teacher2@example.org",
        {
            "works_well": "Оқушылар әр кезеңді суретке түсірген — нәтиже анық көрінеді.",
            "question": "Демалыс күндері өсімдіктерді кім суарды?",
        },
    ),
    (
        "aliya.nurlanovna@example.org",
        {
            "why_it_matters": "Показывает, что лабораторная возможна без лаборатории.",
            "what_next": "Сравнить результаты двух классов.",
        },
    ),
    (
        "asel.kairatova@example.org",
        {
            "others_use": "Кез келген ауыл мектебі мұны банка мен тұқыммен қайталай алады.",
            "works_well": "Өлшеу кестесі өте түсінікті.",
        },
    ),
]


def _users() -> dict[str, User]:
    return {user.email: user for user in User.objects.all()}


def _post_quietly(*, thread: Thread, author: User, body: str, when) -> Post:
    """Demo history: stored like a real post (with its event), without notifying anyone."""
    post = Post.objects.create(
        thread=thread, author=author, body=body, html=markup.render(body), language=guess_language(body)
    )
    Post.objects.filter(pk=post.pk).update(created_at=when)
    PostEvent.objects.create(thread=thread, post=post, kind=PostEvent.Kind.CREATED)
    ThreadFollow.objects.get_or_create(user=author, thread=thread)
    return post


def _thread(board: Board, title: str, posts: list[tuple[User, str]], start) -> tuple[Thread, int]:
    thread, created = Thread.objects.get_or_create(
        board=board,
        title=title,
        defaults={"author": posts[0][0], "last_post_at": start, "language": guess_language(title)},
    )
    if not created:
        return thread, 0
    for index, (author, body) in enumerate(posts):
        _post_quietly(thread=thread, author=author, body=body, when=start + timedelta(hours=3 * index))
    thread.post_count = len(posts)
    thread.last_post_at = start + timedelta(hours=3 * (len(posts) - 1))
    thread.save(update_fields=["post_count", "last_post_at"])
    return thread, len(posts)


@transaction.atomic
def seed(*, stdout=None) -> dict:
    users = _users()
    boards = {}
    for position, (slug, en, kk, ru, (description, description_kk, description_ru)) in enumerate(THEMES):
        boards[slug], _ = Board.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": Board.Kind.THEME,
                "title": en,
                "title_kk": kk,
                "title_ru": ru,
                "description": description,
                "description_kk": description_kk,
                "description_ru": description_ru,
                "position": position,
            },
        )
    for group in TeacherGroup.objects.all():
        boards[group.slug], _ = Board.objects.update_or_create(
            group=group,
            defaults={"kind": Board.Kind.GROUP, "slug": f"group-{group.slug}"[:50]} | services.group_board_names(group),
        )
    for event in EventPage.objects.live().order_by("pk"):  # publishing makes them; older demo databases catch up
        board = services.ensure_event_board(event=event)
        boards[board.slug] = board

    made = 0
    start = timezone.now() - timedelta(days=30)
    threads = []
    for index, (slug, title, _author, posts) in enumerate(THREADS):
        thread, count = _thread(
            boards[slug], title, [(users[e], b) for e, b in posts if e in users], start + timedelta(days=index)
        )
        threads.append(thread)
        made += count
    for index, (group_slug, title, posts) in enumerate(GROUP_THREADS):
        if group_slug in boards:
            _thread_, count = _thread(
                boards[group_slug],
                title,
                [(users[e], b) for e, b in posts if e in users],
                start + timedelta(days=10 + index),
            )
            made += count

    # One long thread, recognisable by its title, for the thread-page benchmark.
    people = [u for e, u in users.items() if not u.is_superuser and e.endswith("@example.org")][:12]
    long_posts = [
        (people[n % len(people)], f"{n + 1}. {BENCHMARK_LINES[n % len(BENCHMARK_LINES)]}") for n in range(200)
    ]
    benchmark, count = _thread(boards["unstable-internet"], BENCHMARK_TITLE, long_posts, start)
    made += count

    feedback = 0
    author_by_email = {e: users[e] for e, _ in FEEDBACK if e in users}
    pages = Page.objects.live().filter(content_type__app_label="projects").select_related("owner")[:6]
    for page in pages:
        for email, answers in FEEDBACK:
            author = author_by_email.get(email)
            if author is None or page.owner_id == author.pk:
                continue
            language = guess_language(" ".join(answers.values()))
            _item, created = Feedback.objects.get_or_create(
                page=page, author=author, defaults={**answers, "language": language}
            )
            feedback += created
    if stdout:
        stdout.write(
            f"forums: {len(boards)} boards, {Thread.objects.count()} threads, {made} new posts "
            f"(benchmark thread #{benchmark.pk}: “{BENCHMARK_TITLE}”), {feedback} new feedback"
        )
    return {"boards": boards, "threads": threads, "benchmark": benchmark}
