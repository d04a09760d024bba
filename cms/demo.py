"""Demo public site: home, About, the leadership cycle and Privacy in kk, ru and en, and the footer (idempotent)."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import FooterText, HomePage, StandardPage
from network.models import EventIndexPage
from projects.models import CaseStudyPage

CODES = ("kk", "ru", "en")

HOME = {
    "kk": (
        "Ortaq — мұғалімдердің ортақ кеңістігі",
        "<p>Ortaq — ауылдық және шалғай мектептердің мұғалімдері өз тәжірибесіндегі мәселені атап, "
        "әріптестерімен ақылдасып, мектебінде шағын өзгеріс жасайтын, оны постер ретінде желілік "
        "іс-шарада көрсетіп, бір-біріне кері байланыс беретін кәсіби желі.</p>",
    ),
    "ru": (
        "Ortaq — общее пространство учителей",
        "<p>Ortaq — профессиональная сеть, в которой учителя сельских и отдалённых школ называют проблему "
        "своей практики, советуются с коллегами, проводят небольшое изменение в своей школе, показывают его "
        "постером на сетевом событии и дают друг другу обратную связь.</p>",
    ),
    "en": (
        "Ortaq — a shared space for teachers",
        "<p>Ortaq is a professional network where teachers in rural and remote schools name a problem of their "
        "practice, consult colleagues, lead a small change in their school, present it as a poster at a network "
        "event and give each other feedback.</p>",
    ),
}

INTRODUCTION = {
    "kk": (
        "Мұғалім бастаған даму дегеніміз не?",
        "<p>Өзгерісті сырттан әкелудің қажеті жоқ: оны сыныпты ең жақсы білетін мұғалім бастайды. "
        "Зертханасыз жаратылыстану сабағы, құрама сынып, жаңа әріптеске тәлімгерлік, тұрақсыз интернет, "
        "оқу дағдысы, ата-аналармен байланыс — әр мәселе шағын жобаға айналады.</p>"
        "<p>Жоба жоспарланады, топтағы әріптестер мен фасилитатор кеңес береді, мұғалім іс-әрекет жасап, "
        "дәлел жинайды, нәтижесін постер мен жазбаша кейс ретінде бөліседі.</p>",
    ),
    "ru": (
        "Что такое развитие под руководством учителя?",
        "<p>Изменения не нужно привозить извне: их начинает учитель, который лучше всех знает свой класс. "
        "Уроки естествознания без лаборатории, малокомплектный класс, наставничество молодого коллеги, "
        "нестабильный интернет, навыки чтения, связь с родителями — каждая проблема становится небольшим проектом.</p>"
        "<p>Проект планируется, коллеги по группе и фасилитатор дают советы, учитель действует, собирает "
        "доказательства и делится результатом в виде постера и письменного кейса.</p>",
    ),
    "en": (
        "What is teacher-led development?",
        "<p>Change does not have to be brought in from outside: it starts with the teacher who knows the class best. "
        "Science lessons without a laboratory, multigrade classes, mentoring a new colleague, unstable internet, "
        "reading skills, working with parents — each problem becomes a small project.</p>"
        "<p>The project is planned, colleagues in the group and a facilitator give advice, the teacher acts, "
        "gathers evidence and shares the result as a poster and a written case study.</p>",
    ),
}

BLOCK_HEADINGS = {
    "kk": ("Ortaq туралы", "Сайттағы жаңалықтар", "Өңірлер бойынша желі"),
    "ru": ("Об Ortaq", "Новое на сайте", "Сеть по регионам"),
    "en": ("About Ortaq", "New on the site", "The network by region"),
}

PAGES = {
    "about": {
        "kk": (
            "Біз туралы",
            "Ortaq — ауыл мұғалімдері бір-бірінен үйренетін кәсіби желі.",
            "<p>Ortaq Алматы, Маңғыстау және Абай облыстарындағы ауылдық мектептердің мұғалімдерін біріктіреді. "
            "Көп мектепте бір пәннің жалғыз мұғалімі ғана бар, сондықтан ақылдасатын әріптес табу қиын.</p>"
            "<p>Желіде мұғалімдер шағын топтарға бірігеді. Әр топты тәжірибелі фасилитатор жүргізеді. "
            "Мұғалімдер өз жобасын жүргізеді, желілік іс-шараларда постер көрсетеді және форумда бір-біріне "
            "кері байланыс береді.</p>"
            "<p>Жарияланған кейстер барлығына ашық: оларды қазақ, орыс және ағылшын тілдерінде оқуға болады.</p>",
        ),
        "ru": (
            "О нас",
            "Ortaq — профессиональная сеть, в которой сельские учителя учатся друг у друга.",
            "<p>Ortaq объединяет учителей сельских школ Алматинской, Мангистауской и Абайской областей. "
            "Во многих школах по предмету работает один учитель, и посоветоваться бывает не с кем.</p>"
            "<p>В сети учителя объединяются в небольшие группы. Каждую группу ведёт опытный фасилитатор. "
            "Учителя ведут свои проекты, показывают постеры на сетевых событиях и дают друг другу обратную "
            "связь на форуме.</p>"
            "<p>Опубликованные кейсы открыты для всех: их можно читать на казахском, русском и английском языках.</p>",
        ),
        "en": (
            "About us",
            "Ortaq is a professional network where rural teachers learn from each other.",
            "<p>Ortaq brings together teachers from rural schools in the Almaty, Mangystau and Abai oblasts. "
            "Many schools have only one teacher of a subject, so there is often nobody to ask for advice.</p>"
            "<p>In the network teachers join small groups, each run by an experienced facilitator. "
            "Teachers lead their own projects, present posters at network events and give each other feedback "
            "in the forums.</p>"
            "<p>Published case studies are open to everyone, in Kazakh, Russian and English.</p>",
        ),
    },
    "cycle": {
        "kk": (
            "Мұғалім көшбасшылығының циклі қалай жүреді",
            "Мәселеден жарияланған кейске дейінгі сегіз қадам.",
            "<p>Әр жоба бірдей сегіз қадамнан өтеді:</p><ol>"
            "<li><b>Мәселе.</b> Мұғалім өз сабағындағы нақты қиындықты атайды: мысалы, зертхана жоқ болғандықтан "
            "оқушылар тәжірибе жасамайды.</li>"
            "<li><b>Жоспар.</b> Не өзгертетінін, қай сыныппен және қанша уақытта жасайтынын жазады.</li>"
            "<li><b>Кеңес.</b> Топтағы әріптестер мен фасилитатор жоспарды талқылап, кеңес береді.</li>"
            "<li><b>Іс-әрекет.</b> Мұғалім өзгерісті сабақта жүзеге асырады.</li>"
            "<li><b>Дәлел.</b> Оқушылардың жұмыстарын, бақылауларын, фотосуреттерді жинайды.</li>"
            "<li><b>Постер.</b> Нәтижені желілік іс-шарада постер ретінде көрсетеді.</li>"
            "<li><b>Жазба.</b> Тәжірибесін басқалар қайталай алатындай етіп сипаттайды.</li>"
            "<li><b>Жариялау.</b> Фасилитатор қарап шыққан соң кейс сайтта жарияланады.</li></ol>",
        ),
        "ru": (
            "Как устроен цикл учительского лидерства",
            "Восемь шагов от проблемы до опубликованного кейса.",
            "<p>Каждый проект проходит одни и те же восемь шагов:</p><ol>"
            "<li><b>Проблема.</b> Учитель называет конкретную трудность своего урока: например, без лаборатории "
            "ученики не проводят опытов.</li>"
            "<li><b>План.</b> Записывает, что изменит, в каком классе и за какое время.</li>"
            "<li><b>Консультация.</b> Коллеги по группе и фасилитатор обсуждают план и дают советы.</li>"
            "<li><b>Действие.</b> Учитель проводит изменение на уроках.</li>"
            "<li><b>Доказательства.</b> Собирает работы учеников, наблюдения, фотографии.</li>"
            "<li><b>Постер.</b> Показывает результат постером на сетевом событии.</li>"
            "<li><b>Описание.</b> Описывает опыт так, чтобы другие могли его повторить.</li>"
            "<li><b>Публикация.</b> После проверки фасилитатором кейс публикуется на сайте.</li></ol>",
        ),
        "en": (
            "How the teacher-leadership cycle works",
            "Eight steps from a concern to a published case study.",
            "<p>Every project goes through the same eight steps:</p><ol>"
            "<li><b>Concern.</b> The teacher names a concrete difficulty in their lessons: for example, without a "
            "laboratory pupils never do experiments.</li>"
            "<li><b>Plan.</b> They write down what they will change, with which class and over what time.</li>"
            "<li><b>Consultation.</b> Colleagues in the group and the facilitator discuss the plan "
            "and give advice.</li>"
            "<li><b>Action.</b> The teacher makes the change in their lessons.</li>"
            "<li><b>Evidence.</b> They collect pupils' work, observations and photos.</li>"
            "<li><b>Poster.</b> They present the result as a poster at a network event.</li>"
            "<li><b>Write-up.</b> They describe the experience so that others can repeat it.</li>"
            "<li><b>Published.</b> Once the facilitator has reviewed it, the case study is published "
            "on the site.</li></ol>",
        ),
    },
    "privacy": {
        "kk": (
            "Құпиялылық",
            "Біз қандай деректерді сақтаймыз және неге.",
            "<p>Біз тек желінің жұмысына қажет деректерді сақтаймыз: электрондық пошта, аты-жөніңіз, мектебіңіз "
            "және тобыңыз. Жобаларыңыз бен форумдағы жазбаларыңызды тек топ мүшелері мен фасилитатор көреді, "
            "ал жарияланған кейстерді барлығы оқи алады.</p>"
            "<p>Біз жарнама көрсетпейміз, деректерді ешкімге сатпаймыз және басқа сайттардан ештеңе жүктемейміз. "
            "Аккаунтыңызды жою үшін фасилитаторыңызға немесе әкімшіге жазыңыз.</p>",
        ),
        "ru": (
            "Конфиденциальность",
            "Какие данные мы храним и зачем.",
            "<p>Мы храним только данные, нужные для работы сети: электронную почту, имя, школу и группу. "
            "Ваши проекты и сообщения на форуме видят только участники группы и фасилитатор, а опубликованные "
            "кейсы может читать любой.</p>"
            "<p>Мы не показываем рекламу, никому не продаём данные и ничего не загружаем с других сайтов. "
            "Чтобы удалить аккаунт, напишите своему фасилитатору или администратору.</p>",
        ),
        "en": (
            "Privacy",
            "What data we keep and why.",
            "<p>We keep only what the network needs to work: your e-mail address, name, school and group. "
            "Your projects and forum posts are seen only by your group and its facilitator; published case "
            "studies can be read by anyone.</p>"
            "<p>We show no advertising, sell no data and load nothing from other sites. "
            "To delete your account, write to your facilitator or an administrator.</p>",
        ),
    },
}

FOOTER = {
    "kk": "<p>Ortaq — ауылдық және шалғай мектептердің мұғалімдері өз тәжірибесін өзгертіп, "
    "бір-бірінен үйренетін ортақ кеңістік.</p>",
    "ru": "<p>Ortaq — общее пространство, где учителя сельских и отдалённых школ меняют свою практику "
    "и учатся друг у друга.</p>",
    "en": "<p>Ortaq is a shared space where teachers in rural and remote schools lead change in their practice "
    "and learn from each other.</p>",
}


def locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in CODES}


def _translation(page: Page, locale: Locale) -> Page:
    found = page.get_translations().filter(locale=locale).specific().first()
    return found if found is not None else page.copy_for_translation(locale)


def _home_body(code: str, pages: dict[str, Page], home: Page) -> list:
    intro_heading, intro_text = INTRODUCTION[code]
    about_heading, latest_heading, regions_heading = BLOCK_HEADINGS[code]
    return [
        ("introduction", {"heading": intro_heading, "text": intro_text}),
        ("featured_pages", {"heading": about_heading, "pages": [pages["about"], pages["cycle"]]}),
        ("upcoming_pages", {"heading": latest_heading, "parent": home, "limit": 3}),
        ("region_figures", {"heading": regions_heading}),
    ]


def _seed_pages(by_code: dict[str, Locale], homes: dict[str, HomePage]) -> dict[str, dict[str, StandardPage]]:
    pages: dict[str, dict[str, StandardPage]] = {code: {} for code in CODES}
    for slug, texts in PAGES.items():
        page = StandardPage.objects.filter(locale=by_code["kk"], slug=slug).first()
        if page is None:
            title, description, body = texts["kk"]
            page = homes["kk"].add_child(
                instance=StandardPage(
                    title=title, slug=slug, search_description=description, body=body, locale=by_code["kk"]
                )
            )
        for code in CODES:
            translated = page if code == "kk" else _translation(page, by_code[code])
            translated.title, translated.search_description, translated.body = texts[code]
            translated.show_in_menus = slug == "about"  # the header menu; the footer links the rest
            translated.save_revision().publish()
            pages[code][slug] = StandardPage.objects.get(pk=translated.pk)  # publish() updated the row, not this copy
    return pages


def _seed_footer(by_code: dict[str, Locale], pages: dict[str, dict[str, StandardPage]]) -> None:
    source = FooterText.objects.filter(locale=by_code["kk"]).first()
    for code in CODES:
        links = [("page", pages[code][slug]) for slug in ("about", "cycle", "privacy")]
        defaults = {"text": FOOTER[code], "links": links}
        if source is None:
            source = FooterText.objects.create(locale=by_code[code], **defaults)
        else:
            FooterText.objects.update_or_create(
                locale=by_code[code], translation_key=source.translation_key, defaults=defaults
            )


FEATURED_HEADINGS = {
    "kk": ("Кейс-стадилер", "Алдағы желілік іс-шаралар"),
    "ru": ("Кейсы учителей", "Ближайшие сетевые события"),
    "en": ("Case studies", "Coming network events"),
}


@transaction.atomic
def feature_content(*, stdout=None) -> None:
    """Put the newest case studies and the coming events on each home page (after the other apps seeded)."""
    for home in HomePage.objects.all():
        code = home.locale.language_code
        cases_heading, events_heading = FEATURED_HEADINGS.get(code, FEATURED_HEADINGS["en"])
        cases = list(
            CaseStudyPage.objects.live().public().filter(locale=home.locale).order_by("-first_published_at")[:3]
        )
        events = EventIndexPage.objects.live().filter(locale=home.locale).first()
        extra = []
        if cases:
            extra.append(("featured_pages", {"heading": cases_heading, "pages": cases}))
        if events:
            extra.append(("upcoming_pages", {"heading": events_heading, "parent": events, "limit": 3}))
        # After the introduction: what a visitor came for comes first.
        known = {cases_heading, events_heading}
        kept = [(block.block_type, block.value) for block in home.body if block.value.get("heading") not in known]
        home.body = kept[:1] + extra + kept[1:]
        home.save_revision().publish()
    if stdout:
        stdout.write("cms: home pages feature the newest case studies and coming events")


@transaction.atomic
def seed(*, stdout=None) -> dict:
    by_code = locales()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=by_code["kk"]).first()
    if home is None:
        # Wagtail's placeholder "Welcome" page gives way to ours.
        placeholder = Page.objects.filter(depth=2).not_type(HomePage)
        Site.objects.filter(root_page__in=placeholder).delete()
        placeholder.delete()
        title, intro = HOME["kk"]
        home = root.add_child(instance=HomePage(title=title, slug="home", intro=intro, locale=by_code["kk"]))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Ortaq")
    homes = {"kk": home}
    for code in ("ru", "en"):
        homes[code] = _translation(home, by_code[code])
    pages = _seed_pages(by_code, homes)
    # Reload: the copies in memory carry stale tree counts (numchild), which saving would write back.
    homes = {code: HomePage.objects.get(pk=page.pk) for code, page in homes.items()}
    for code in CODES:
        homes[code].title, homes[code].intro = HOME[code]
        homes[code].body = _home_body(code, pages[code], homes[code])
        homes[code].save_revision().publish()
    homes = {code: HomePage.objects.get(pk=page.pk) for code, page in homes.items()}
    _seed_footer(by_code, pages)
    if stdout:
        stdout.write("cms: home, About, the leadership cycle and Privacy in kk, ru, en; footer")
    return {"homes": homes, "pages": pages}
