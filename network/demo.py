"""Demo network: real oblasts, plausible village schools, facilitators, teachers, groups (idempotent)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from network import services
from network.models import District, Membership, Region, School, TeacherGroup, User, opaque_username

DEMO_PASSWORD = "ortaq-demo"

REGIONS = [
    # slug, English, Kazakh, Russian, time zone, districts
    (
        "almaty",
        "Almaty oblast",
        "Алматы облысы",
        "Алматинская область",
        "Asia/Almaty",
        ["Enbekshikazakh district", "Kerbulak district"],
    ),
    (
        "mangystau",
        "Mangystau oblast",
        "Маңғыстау облысы",
        "Мангистауская область",
        "Asia/Aqtau",
        ["Beineu district", "Mangystau district"],
    ),
    ("abai", "Abai oblast", "Абай облысы", "Абайская область", "Asia/Almaty", ["Abai district", "Ayagoz district"]),
]

SCHOOLS = [
    # region, district index, name, locality, rural
    ("almaty", 0, "Zharmukhambet Secondary School", "Zharmukhambet", True),
    ("almaty", 0, "Shelek Secondary School No. 3", "Shelek", True),
    ("almaty", 1, "Karabulak Secondary School", "Karabulak", True),
    ("almaty", 1, "Saryozek Basic School", "Saryozek", True),
    ("mangystau", 0, "Beineu Secondary School No. 5", "Beineu", True),
    ("mangystau", 0, "Sarga Basic School", "Sarga", True),
    ("mangystau", 1, "Shetpe Secondary School No. 2", "Shetpe", True),
    ("mangystau", 1, "Tauchik Secondary School", "Tauchik", True),
    ("abai", 0, "Karaul Secondary School", "Karaul", True),
    ("abai", 0, "Kainar Secondary School", "Kainar", True),
    ("abai", 1, "Ayagoz Secondary School No. 7", "Ayagoz", False),
    ("abai", 1, "Shubartau Basic School", "Shubartau", True),
]

FACILITATORS = [
    ("facilitator@example.org", "Гүлнара Садықова", "almaty"),
    ("facilitator2@example.org", "Серік Жақсылықов", "mangystau"),
]

TEACHERS = [
    # e-mail, name, school index, language
    ("teacher@example.org", "Әйгерім Бекова", 0, "kk"),
    ("teacher2@example.org", "Жауһар Омарбек", 1, "kk"),
    ("aliya.nurlanovna@example.org", "Алия Нурлановна", 2, "ru"),
    ("dana.tulegenova@example.org", "Дана Төлегенова", 3, "kk"),
    ("erlan.mukanov@example.org", "Ерлан Мұқанов", 0, "kk"),
    ("saule.ismailova@example.org", "Сауле Исмаилова", 1, "ru"),
    ("marat.abenov@example.org", "Марат Әбенов", 2, "kk"),
    ("asel.kairatova@example.org", "Әсел Қайратова", 3, "en"),
    ("nurlan.dosov@example.org", "Нұрлан Досов", 4, "kk"),
    ("gaukhar.serikova@example.org", "Гауһар Серікова", 5, "kk"),
    ("bakhyt.amanov@example.org", "Бахыт Аманов", 6, "ru"),
    ("zhanar.kenzhebek@example.org", "Жанар Кенжебек", 7, "kk"),
    ("ainur.sadvakasova@example.org", "Айнұр Садуақасова", 4, "kk"),
    ("timur.yessenov@example.org", "Тимур Есенов", 5, "ru"),
    ("lyazzat.beisenova@example.org", "Ләззат Бейсенова", 6, "kk"),
    ("arman.kuanyshev@example.org", "Арман Қуанышев", 7, "en"),
    ("madina.zhumabayeva@example.org", "Мадина Жұмабаева", 8, "kk"),
    ("yerbol.tokhtarov@example.org", "Ербол Тоқтаров", 9, "kk"),
    ("svetlana.kim@example.org", "Светлана Ким", 10, "ru"),
    ("kuralai.nurgaliyeva@example.org", "Құралай Нұрғалиева", 11, "kk"),
    ("olzhas.baimukhanov@example.org", "Олжас Баймұханов", 8, "kk"),
    ("raushan.temirbekova@example.org", "Раушан Темірбекова", 9, "ru"),
    ("daniyar.seitkali@example.org", "Данияр Сейітқали", 10, "kk"),
    ("botagoz.akhmetova@example.org", "Ботагөз Ахметова", 11, "kk"),
]

GROUPS = [
    # slug, name, region, facilitator index, teacher indexes
    ("almaty-science-and-more", "Almaty rural teachers: learning by doing", "almaty", 0, range(0, 8)),
    ("mangystau-leaders", "Mangystau teacher leaders", "mangystau", 1, range(8, 16)),
    ("abai-network", "Abai oblast network", "abai", 0, range(16, 24)),
]

# What each group is for: (English, Kazakh, Russian).
GROUP_DESCRIPTIONS = {
    "almaty-science-and-more": (
        "Teachers of village schools in Almaty oblast try small changes in their lessons and share what they learn.",
        "Алматы облысының ауыл мектептерінің мұғалімдері сабағында шағын өзгерістерді сынап, тәжірибесімен бөліседі.",
        "Учителя сельских школ Алматинской области пробуют небольшие изменения на уроках и делятся опытом.",
    ),
    "mangystau-leaders": (
        "Teacher leaders of Mangystau meet online every other week and visit each other's lessons.",
        "Маңғыстаудың көшбасшы мұғалімдері екі апта сайын онлайн кездесіп, бір-бірінің сабағына қатысады.",
        "Учителя-лидеры Мангистау встречаются онлайн раз в две недели и посещают уроки друг друга.",
    ),
    "abai-network": (
        "A new network of small schools in Abai oblast: first projects and first meetings.",
        "Абай облысының шағын мектептерінің жаңа желісі: алғашқы жобалар мен алғашқы кездесулер.",
        "Новая сеть малокомплектных школ области Абай: первые проекты и первые встречи.",
    ),
}


def _user(email: str, name: str, password: str, **fields) -> User:
    if "preferred_language" in fields:  # demo members chose their language, as at sign-up
        fields["language_chosen"] = True
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"username": opaque_username(), "display_name": name, "password": password, **fields},
    )
    if not created:
        for key, value in fields.items():
            setattr(user, key, value)
        user.save()
    _verified_email(user)
    return user


def _verified_email(user: User) -> None:
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def facilitators_group() -> Group:
    """The Wagtail group facilitators belong to (kept here for the demo and tests; lives in services)."""
    return services.facilitators_group()


# Kazakh and Russian forms of the English names above (districts, schools, groups): (kk, ru).
LOCAL_NAMES = {
    "Enbekshikazakh district": ("Еңбекшіқазақ ауданы", "Енбекшиказахский район"),
    "Kerbulak district": ("Кербұлақ ауданы", "Кербулакский район"),
    "Beineu district": ("Бейнеу ауданы", "Бейнеуский район"),
    "Mangystau district": ("Маңғыстау ауданы", "Мангистауский район"),
    "Abai district": ("Абай ауданы", "Абайский район"),
    "Ayagoz district": ("Аягөз ауданы", "Аягозский район"),
    "Zharmukhambet Secondary School": ("Жармұхамбет орта мектебі", "Средняя школа Жармухамбет"),
    "Shelek Secondary School No. 3": ("Шелек №3 орта мектебі", "Средняя школа № 3 села Шелек"),
    "Karabulak Secondary School": ("Қарабұлақ орта мектебі", "Средняя школа Карабулак"),
    "Saryozek Basic School": ("Сарыөзек негізгі мектебі", "Основная школа Сарыозек"),
    "Beineu Secondary School No. 5": ("Бейнеу №5 орта мектебі", "Средняя школа № 5 села Бейнеу"),
    "Sarga Basic School": ("Сарға негізгі мектебі", "Основная школа Сарга"),
    "Shetpe Secondary School No. 2": ("Шетпе №2 орта мектебі", "Средняя школа № 2 села Шетпе"),
    "Tauchik Secondary School": ("Таушық орта мектебі", "Средняя школа Таушик"),
    "Karaul Secondary School": ("Қарауыл орта мектебі", "Средняя школа Караул"),
    "Kainar Secondary School": ("Қайнар орта мектебі", "Средняя школа Кайнар"),
    "Ayagoz Secondary School No. 7": ("Аягөз №7 орта мектебі", "Средняя школа № 7 города Аягоз"),
    "Shubartau Basic School": ("Шұбартау негізгі мектебі", "Основная школа Шубартау"),
    "Almaty rural teachers: learning by doing": (
        "Алматы облысының ауыл мұғалімдері: істей жүріп үйренеміз",
        "Сельские учителя Алматинской области: учимся на практике",
    ),
    "Mangystau teacher leaders": ("Маңғыстау көшбасшы мұғалімдері", "Учителя-лидеры Мангистау"),
    "Abai oblast network": ("Абай облысының желісі", "Сеть области Абай"),
}


def _local(name: str) -> dict:
    kk, ru = LOCAL_NAMES.get(name, ("", ""))
    return {"name_kk": kk, "name_ru": ru}


@transaction.atomic
def seed(*, stdout=None) -> dict:
    password = make_password(DEMO_PASSWORD)  # hash once: 28 accounts share it
    regions = {}
    for slug, en, kk, ru, tz, districts in REGIONS:
        region, _ = Region.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_kk": kk, "name_ru": ru, "time_zone": tz}
        )
        regions[slug] = (
            region,
            [District.objects.update_or_create(region=region, name=d, defaults=_local(d))[0] for d in districts],
        )

    schools = []
    for region_slug, district_index, name, locality, rural in SCHOOLS:
        region, districts = regions[region_slug]
        school, _ = School.objects.update_or_create(
            region=region,
            name=name,
            defaults={
                "district": districts[district_index],
                "locality": locality,
                "is_rural": rural,
                "is_confirmed": True,
                **_local(name),
            },
        )
        schools.append(school)

    staff_group = facilitators_group()
    facilitators = []
    for email, name, region_slug in FACILITATORS:
        user = _user(email, name, password, is_facilitator=True, preferred_language="ru")
        user.groups.add(staff_group)
        user.regions.add(regions[region_slug][0])
        facilitators.append(user)

    teachers = []
    for email, name, school_index, language in TEACHERS:
        school = schools[school_index]
        user = _user(email, name, password, school=school, preferred_language=language)
        user.regions.add(school.region)
        teachers.append(user)

    groups = []
    for slug, name, region_slug, facilitator_index, members in GROUPS:
        group, _ = TeacherGroup.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                **_local(name),
                **dict(zip(("description", "description_kk", "description_ru"), GROUP_DESCRIPTIONS[slug], strict=True)),
                "region": regions[region_slug][0],
                "facilitator": facilitators[facilitator_index],
            },
        )
        for index in members:
            Membership.objects.get_or_create(group=group, user=teachers[index])
        groups.append(group)

    admin = _user("admin@example.org", "Ortaq Admin", password, is_staff=True, is_superuser=True)
    if stdout:
        stdout.write(
            f"network: {len(regions)} regions, {len(schools)} schools, {len(teachers)} teachers, {len(groups)} groups"
        )
    return {
        "regions": regions,
        "schools": schools,
        "facilitators": facilitators,
        "teachers": teachers,
        "groups": groups,
        "admin": admin,
    }
