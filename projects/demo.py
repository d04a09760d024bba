"""Demo projects (idempotent): themes, 20 projects at every stage, 10 posters (one PDF), 6 case studies in kk/ru/en,
and the poster sessions of the demo events (accepted posters on boards, gallery-walk groups).

Everything goes through `projects.services`, as a teacher or facilitator would do it from the front end.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from network.events import selectors as event_selectors
from network.events import services as event_services
from network.models import EventPage, Registration, TeacherGroup, User
from network.uploads import clean_image, clean_image_or_pdf
from projects import selectors, services
from projects.models import STAGE_ORDER, PosterPresentation, ProjectPage, Stage, Theme
from projects.posters import selectors as poster_selectors
from projects.posters import services as poster_services
from projects.voice import demo as voice_demo
from projects.voice.themes import POLICY_THEMES

# Six published case studies: lead, subject, themes, original language, then title/summary/body per language.
CASE_STUDIES = [
    {
        "lead": "teacher@example.org",
        "subject": "science",
        "themes": ["practical-work"],
        "language": "kk",
        "poster": "image",
        "kk": (
            "Зертхана қорапта: құралсыз жаратылыстану сабақтары",
            "Мектебімізде жаратылыстану зертханасы жоқ. Мен қарапайым заттардан «қорап-зертхана» жинап, "
            "7-сынып оқушыларымен апта сайын тәжірибе жасадым.",
            "Біздің ауыл мектебінде химия мен физика кабинеті жоқ, сондықтан оқушылар тәжірибені тек "
            "оқулықтағы суреттен көретін. Мен үшін ең маңыздысы — әр бала өз қолымен зерттеп, сұрақ қоя алуы.\n\n"
            "Әріптестерім мен директормен ақылдасып, ескі қойманы босаттық. Ата-аналар пластик бөтелке, сірке суы, "
            "сода, тұз, магнит әкелді. Әр қорапта бір тақырыпқа арналған құралдар мен нұсқаулық болды.\n\n"
            "Сегіз апта бойы 7-сынып оқушылары топпен тәжірибе жасап, бақылау күнделігін толтырды. Сабаққа "
            "қатысу артты, оқушылар «неге?» деген сұрақты жиі қоятын болды, ал тоқсандық жұмыста болжам жасау "
            "тапсырмасын орындағандар саны 9-дан 17-ге өсті.\n\n"
            "Келесі қадам — қораптарды көрші мектептермен алмасу және бастауыш сыныптарға арналған жинақ жасау.",
        ),
        "ru": (
            "Лаборатория в коробке: естествознание без оборудования",
            "В нашей школе нет лаборатории. Я собрала «лабораторию в коробке» из простых вещей и каждую неделю "
            "проводила опыты с семиклассниками.",
            "В нашей сельской школе нет кабинета химии и физики, и ученики видели опыты только на картинках в "
            "учебнике. Для меня важнее всего, чтобы каждый ребёнок исследовал сам и задавал вопросы.\n\n"
            "Посоветовавшись с коллегами и директором, мы освободили старую кладовую. Родители принесли "
            "пластиковые бутылки, уксус, соду, соль и магниты. В каждой коробке были материалы и инструкция к "
            "одной теме.\n\n"
            "Восемь недель семиклассники ставили опыты в группах и вели дневник наблюдений. Посещаемость выросла, "
            "ученики стали чаще спрашивать «почему?», а число выполнивших задание на прогноз в четвертной работе "
            "выросло с 9 до 17.\n\n"
            "Следующий шаг — обмениваться коробками с соседними школами и собрать набор для начальных классов.",
        ),
        "en": (
            "A laboratory in a box: science lessons without equipment",
            "Our school has no laboratory. I built a “lab in a box” from everyday things and ran experiments "
            "with Year 7 every week.",
            "Our village school has no chemistry or physics room, so pupils only saw experiments as pictures in "
            "the textbook. What matters most to me is that every child investigates with their own hands and "
            "asks questions.\n\n"
            "After talking with colleagues and the head teacher we cleared an old storeroom. Parents brought "
            "plastic bottles, vinegar, soda, salt and magnets. Each box held the materials and instructions for "
            "one topic.\n\n"
            "For eight weeks Year 7 pupils experimented in groups and kept observation diaries. Attendance rose, "
            "pupils asked “why?” far more often, and the number who completed the prediction task in the term "
            "test grew from 9 to 17.\n\n"
            "Next we will swap boxes with neighbouring schools and build a set for the primary classes.",
        ),
    },
    {
        "lead": "teacher2@example.org",
        "subject": "primary",
        "themes": ["multigrade", "inclusion"],
        "language": "kk",
        "poster": "image",
        "kk": (
            "Біріктірілген сыныпта бір сабақ — үш деңгей",
            "Бір бөлмеде 2, 3 және 4-сынып оқушылары отырады. Ортақ тақырып пен үш деңгейлі тапсырмалар "
            "әр баланың белсенді болуына көмектесті.",
            "Біздің шағын жинақты мектепте мен бір уақытта үш сыныпқа сабақ беремін. Бұрын бір топпен жұмыс "
            "істегенде, қалғандары жай күтіп отыратын.\n\n"
            "Әдістемелік бірлестікте ақылдасып, сабақты бір ортақ тақырып айналасында құрдым: әр сынып өз "
            "деңгейіндегі тапсырманы орындайды, ал үлкендер кішілерге көмекші болады.\n\n"
            "Алты аптадан кейін «күтіп отыратын» уақыт айтарлықтай азайды, оқушылар бір-біріне түсіндіруді "
            "үйренді. Келесі жылы бұл тәжірибені математика сабағына да енгіземін.",
        ),
        "ru": (
            "Один урок — три уровня в малокомплектном классе",
            "В одной комнате сидят ученики 2, 3 и 4 классов. Общая тема и задания трёх уровней помогли каждому "
            "ребёнку быть активным.",
            "В нашей малокомплектной школе я веду урок сразу для трёх классов. Раньше, пока я работала с одной "
            "группой, остальные просто ждали.\n\n"
            "Посоветовавшись на методическом объединении, я построила урок вокруг одной общей темы: каждый класс "
            "выполняет задание своего уровня, а старшие помогают младшим.\n\n"
            "Через шесть недель время «ожидания» заметно сократилось, ученики научились объяснять друг другу. "
            "В следующем году я перенесу этот опыт и на уроки математики.",
        ),
        "en": (
            "One lesson, three levels in a multigrade class",
            "Pupils from Years 2, 3 and 4 share one room. A common topic with tasks at three levels helped every "
            "child stay active.",
            "In our small school I teach three year groups at once. Before, while I worked with one group, the "
            "others simply waited.\n\n"
            "After discussing it with the subject team I built each lesson around one shared topic: every year "
            "group works on a task at its own level, and the older pupils help the younger ones.\n\n"
            "After six weeks the “waiting time” had dropped sharply and pupils had learned to explain to each "
            "other. Next year I will bring the approach into mathematics lessons as well.",
        ),
    },
    {
        "lead": "aliya.nurlanovna@example.org",
        "subject": "mathematics",
        "themes": ["mentoring"],
        "language": "ru",
        "poster": "image",
        "kk": (
            "Ауыл мектебіндегі жас мұғалімге тәлімгерлік",
            "Мектебімізге университеттен кейін жас математика мұғалімі келді. Апта сайынғы өзара сабаққа қатысу "
            "оған алғашқы жылдан сенімді өтуге көмектесті.",
            "Ауыл мектебіне келген жас мұғалімдер жиі жалғыз қалады: кеңесетін әріптес аз, ал қиындық көп.\n\n"
            "Біз екеуміз апта сайын бір-біріміздің сабағымызға қатысып, 20 минуттық әңгіме өткіздік. Әр жолы "
            "бір ғана нәрсеге назар аудардық: тапсырманың түсінікті берілуі, уақыт, кері байланыс.\n\n"
            "Жыл соңында жас әріптесім сынып басқаруда сенімдірек болды, ал мен өз сабағыма жаңа көзбен қарадым. "
            "Келесі жылы бұл тәсілді аудандағы басқа жас мұғалімдерге ұсынамыз.",
        ),
        "ru": (
            "Наставничество молодого учителя в сельской школе",
            "В нашу школу после университета пришёл молодой учитель математики. Еженедельные взаимопосещения "
            "уроков помогли ему уверенно пройти первый год.",
            "Молодые учителя в сельской школе часто остаются одни: посоветоваться почти не с кем, а трудностей "
            "много.\n\n"
            "Каждую неделю мы посещали уроки друг друга и проводили 20-минутную беседу. Каждый раз — только один "
            "фокус: понятность задания, время, обратная связь.\n\n"
            "К концу года мой молодой коллега увереннее управлял классом, а я по-новому взглянула на свои уроки. "
            "В следующем году мы предложим этот подход другим молодым учителям района.",
        ),
        "en": (
            "Mentoring a new teacher in a rural school",
            "A new mathematics teacher joined our school straight from university. Weekly visits to each other's "
            "lessons helped him through his first year with confidence.",
            "New teachers in village schools are often alone: there is hardly anyone to ask and plenty of "
            "difficulties.\n\n"
            "Every week we visited each other's lessons and talked for twenty minutes afterwards, each time about "
            "one thing only: clear instructions, timing, feedback.\n\n"
            "By the end of the year my young colleague managed the class with much more confidence, and I saw my "
            "own lessons with fresh eyes. Next year we will offer the approach to other new teachers in the "
            "district.",
        ),
    },
    {
        "lead": "nurlan.dosov@example.org",
        "subject": "computing",
        "themes": ["digital-skills"],
        "language": "kk",
        "poster": "pdf",
        "kk": (
            "Интернет тұрақсыз болғанда цифрлық дағдылар",
            "Ауылда интернет жиі үзіледі. Оқушылар офлайн жұмыс істейтін тапсырмалар мен ортақ флеш-кітапхана "
            "арқылы цифрлық дағдыларды меңгерді.",
            "Бейнеудегі мектебімізде интернет күніне бірнеше рет үзіледі, сондықтан онлайн платформаға "
            "негізделген сабақтар жиі бұзылатын.\n\n"
            "Мен оқулықтар, бейнесабақтар мен тапсырмаларды жергілікті желідегі ортақ қалтаға жинадым, ал "
            "оқушылар жұмысын интернет қосылғанда ғана жіберетін болды.\n\n"
            "Тоқсан соңында барлық оқушы жобасын уақытында тапсырды, ал сабақтың үзілуі бірде-бір рет болмады. "
            "Енді бұл тәсілді көрші ауылдағы мектеппен бөлісеміз.",
        ),
        "ru": (
            "Цифровые навыки при нестабильном интернете",
            "В посёлке интернет часто пропадает. Офлайн-задания и общая флеш-библиотека помогли ученикам "
            "освоить цифровые навыки.",
            "В нашей школе в Бейнеу интернет пропадает несколько раз в день, и уроки на онлайн-платформах часто "
            "срывались.\n\n"
            "Я собрал учебники, видеоуроки и задания в общую папку в локальной сети, а ученики отправляли работы "
            "только тогда, когда появлялась связь.\n\n"
            "К концу четверти все ученики сдали проекты вовремя, и ни один урок не сорвался. Теперь мы делимся "
            "этим подходом со школой в соседнем посёлке.",
        ),
        "en": (
            "Digital skills with unstable internet",
            "The internet in our village often drops. Offline tasks and a shared flash-drive library helped "
            "pupils learn digital skills anyway.",
            "At our school in Beineu the internet goes down several times a day, so lessons built on online "
            "platforms often fell apart.\n\n"
            "I gathered textbooks, video lessons and tasks into a shared folder on the local network, and pupils "
            "sent in their work only when the connection came back.\n\n"
            "By the end of the term every pupil handed in their project on time, and not one lesson was lost. "
            "We are now sharing the approach with the school in the next village.",
        ),
    },
    {
        "lead": "svetlana.kim@example.org",
        "subject": "russian",
        "themes": ["reading", "parents"],
        "language": "ru",
        "poster": "image",
        "kk": (
            "Ата-аналармен бірге оқу клубы",
            "Ай сайынғы отбасылық оқу кештері оқушылардың кітапқа қызығушылығын арттырып, ата-аналарды мектепке "
            "жақындатты.",
            "Оқушыларымның көбі үйде кітап оқымайтын, ал ата-аналар мектепке тек жиналысқа келетін.\n\n"
            "Кітапханашымен бірге ай сайын отбасылық оқу кешін ұйымдастырдық: балалар мен ата-аналар бір кітапты "
            "оқып, бірге талқылады.\n\n"
            "Үш айда кітапханадан кітап алатын оқушылар саны екі есе өсті, ал кештерге 20-дан астам отбасы "
            "қатысты. Келесі жылы клубты бастауыш сыныптарға да ашамыз.",
        ),
        "ru": (
            "Читательский клуб вместе с родителями",
            "Ежемесячные семейные читательские вечера повысили интерес учеников к книгам и приблизили родителей "
            "к школе.",
            "Многие мои ученики дома не читали, а родители приходили в школу только на собрания.\n\n"
            "Вместе с библиотекарем мы раз в месяц проводили семейный читательский вечер: дети и родители "
            "читали одну книгу и обсуждали её вместе.\n\n"
            "За три месяца число учеников, берущих книги в библиотеке, выросло вдвое, а на вечера пришли больше "
            "20 семей. В следующем году откроем клуб и для начальных классов.",
        ),
        "en": (
            "A reading club with parents",
            "Monthly family reading evenings raised pupils' interest in books and brought parents closer to the "
            "school.",
            "Many of my pupils did not read at home, and parents came to school only for meetings.\n\n"
            "With the librarian we held a family reading evening every month: children and parents read the "
            "same book and talked about it together.\n\n"
            "In three months the number of pupils borrowing library books doubled, and more than 20 families came "
            "to the evenings. Next year we will open the club to the primary classes too.",
        ),
    },
    {
        "lead": "asel.kairatova@example.org",
        "subject": "english",
        "themes": ["assessment"],
        "language": "en",
        "poster": "image",
        "kk": (
            "Шағын ауыл сыныбындағы өзара бағалау",
            "Түсінікті критерийлер мен «екі жұлдыз, бір тілек» әдісі оқушыларға бір-біріне пайдалы кері байланыс "
            "беруге үйретті.",
            "Сыныбымда небәрі сегіз оқушы бар, бірақ олар бір-бірінің жұмысын бағалаудан қымсынатын.\n\n"
            "Біз бірге қарапайым критерийлер жасадық және «екі жұлдыз, бір тілек» әдісімен кері байланыс беруді "
            "жаттықтық.\n\n"
            "Бір тоқсанда оқушылардың жазба жұмыстарын қайта өңдеу сапасы жақсарды, олар мұғалімнің бағасын "
            "ғана күтпей, өз жұмысын өзі тексеретін болды.",
        ),
        "ru": (
            "Взаимооценивание в маленьком сельском классе",
            "Понятные критерии и приём «две звезды и одно пожелание» научили учеников давать друг другу полезную "
            "обратную связь.",
            "В моём классе всего восемь учеников, но они стеснялись оценивать работы друг друга.\n\n"
            "Мы вместе составили простые критерии и тренировались давать обратную связь по принципу «две звезды и "
            "одно пожелание».\n\n"
            "За четверть качество доработки письменных работ выросло: ученики перестали ждать только оценки "
            "учителя и начали сами проверять свою работу.",
        ),
        "en": (
            "Peer assessment in a small rural class",
            "Clear criteria and “two stars and a wish” taught pupils to give each other useful feedback.",
            "My class has only eight pupils, yet they were shy about judging each other's work.\n\n"
            "Together we wrote simple criteria and practised giving feedback as “two stars and a wish”.\n\n"
            "Within a term the quality of pupils' redrafted writing improved: they stopped waiting for the "
            "teacher's mark alone and began to check their own work.",
        ),
    },
]

# Fourteen projects in progress: lead, stage, subject, themes, language, title, concern.
IN_PROGRESS = [
    (
        "teacher@example.org",
        "concern",
        "science",
        ["inclusion"],
        "kk",
        "Ерекше білім беру қажеттілігі бар оқушыға физика",
        "Сыныбымда көру қабілеті нашар оқушы бар; тәжірибелерді оған қолжетімді ету керек.",
    ),
    (
        "teacher@example.org",
        "action",
        "science",
        ["practical-work", "parents"],
        "kk",
        "Мектеп жанындағы жылыжай",
        "Биология сабағы тек оқулықпен өтеді; оқушылар өсімдікті өз қолымен өсірмейді.",
    ),
    (
        "teacher@example.org",
        "evidence",
        "science",
        ["assessment"],
        "kk",
        "Зертханалық жұмысты бағалау парағы",
        "Тәжірибе жұмыстарын қалай бағалайтынымды оқушылар түсінбейді.",
    ),
    (
        "teacher2@example.org",
        "plan",
        "kazakh",
        ["reading"],
        "kk",
        "Оқу бұрышы бастауыш сыныпта",
        "Бастауыш сынып оқушылары үйде кітап оқымайды.",
    ),
    (
        "dana.tulegenova@example.org",
        "consultation",
        "primary",
        ["multigrade"],
        "kk",
        "Біріктірілген сыныптағы топтық жұмыс",
        "Үш сыныпты бір уақытта оқытқанда топтық жұмысты ұйымдастыру қиын.",
    ),
    (
        "erlan.mukanov@example.org",
        "poster",
        "mathematics",
        ["digital-skills"],
        "kk",
        "Математикадағы кестелер",
        "Оқушылар деректерді кестеге түсіруді білмейді.",
    ),
    (
        "saule.ismailova@example.org",
        "writeup",
        "russian",
        ["parents"],
        "ru",
        "Родительский час по пятницам",
        "Родители не знают, чем дети занимаются на уроках.",
    ),
    (
        "marat.abenov@example.org",
        "concern",
        "history",
        ["digital-skills"],
        "kk",
        "Ауыл тарихы цифрлық картада",
        "Оқушылар өз ауылының тарихын білмейді.",
    ),
    (
        "gaukhar.serikova@example.org",
        "plan",
        "kazakh",
        ["reading"],
        "kk",
        "Оқырман күнделігі",
        "Оқушылар оқығанын талдай алмайды.",
    ),
    (
        "bakhyt.amanov@example.org",
        "consultation",
        "science",
        ["practical-work"],
        "ru",
        "Опыты с морской водой",
        "На уроках химии нет реактивов, но рядом море.",
    ),
    (
        "zhanar.kenzhebek@example.org",
        "action",
        "english",
        ["assessment"],
        "kk",
        "Мектептен кейінгі ағылшын тілі клубы",
        "Оқушылар ағылшынша сөйлеуден қорқады.",
    ),
    (
        "madina.zhumabayeva@example.org",
        "evidence",
        "primary",
        ["inclusion"],
        "kk",
        "Инклюзивті үзіліс ойындары",
        "Кейбір балалар үзілісте жалғыз қалады.",
    ),
    (
        "raushan.temirbekova@example.org",
        "poster",
        "mathematics",
        ["mentoring"],
        "ru",
        "Педагогическая мастерская для молодых учителей",
        "Молодые учителя не ходят на уроки друг к другу.",
    ),
    (
        "arman.kuanyshev@example.org",
        "writeup",
        "computing",
        ["digital-skills"],
        "en",
        "Coding without computers",
        "We have four working computers for twenty pupils.",
    ),
]

WRITEUP_DRAFT = {
    "kk": "Не істедім: алты апта бойы аптасына бір сабақта жаңа тәсілді қолдандым. Не өзгерді: оқушылар белсендірек.",
    "ru": "Что я сделала: шесть недель раз в неделю проводила урок по-новому. Что изменилось: ученики стали активнее.",
    "en": "What I did: for six weeks I taught one lesson a week the new way. What changed: pupils took part more.",
}
# What teachers and facilitators write at each stage, in the project's language (a Kazakh teacher writes in Kazakh).
STAGE_TEXTS = {
    "kk": {
        "values": "Ауыл мектебінің әр оқушысы қаладағы құрдасымен бірдей мүмкіндікке лайық.",
        "plan_what": "Алты апта бойы шағын өзгерісті сынап, байқағанымды жазып отырамын.",
        "plan_with_whom": "Пән бірлестігіндегі әріптестер, оқушылар, ата-аналар.",
        "plan_when": "Осы тоқсанда, аптасына бір сабақ.",
        "consultations": [
            ("head", "Мектеп директоры", "Келісті, ескі қойманы беруге уәде етті.", 60),
            ("pupils", "7-сынып", "Оқушылар тәжірибені өздері жасағысы келеді.", 55),
        ],
        "journal": [
            (7, "Жаңа тәсілмен алғашқы сабақ."),
            (5, "Оқушылар үш адамнан топ болып жұмыс істеді."),
            (3, "Ата-аналарды ашық сабаққа шақырдым."),
        ],
        "photo": "Үшінші аптада жұмыс үстіндегі оқушылар (ата-аналар келісім берді).",
        "photo_lines": ["Бақылау жазбалары", "Жұмыс үстіндегі оқушылар"],
        "quote": "«Судың түсі неге өзгеретінін енді түсіндім». — 7-сынып оқушысы",
        "poster_lines": ["Не істедім", "Не өзгерді"],
        "approved": "Анық, шынайы және әріптестерге пайдалы. Жарияланды.",
        "changes": "Рахмет! Дәлел ретінде оқушылардың бір-екі пікірін қосып, келесі тоқсанда не істейтініңізді "
        "жазыңыз.",
    },
    "ru": {
        "values": "Каждый ученик сельской школы заслуживает тех же возможностей, что и его сверстник в городе.",
        "plan_what": "Шесть недель пробовать небольшое изменение и записывать, что я замечаю.",
        "plan_with_whom": "Коллеги по методическому объединению, ученики, родители.",
        "plan_when": "В этой четверти, один урок в неделю.",
        "consultations": [
            ("head", "Директор школы", "Согласился и предложил старую кладовую.", 60),
            ("pupils", "7 класс", "Ученики хотят ставить опыты сами.", 55),
        ],
        "journal": [
            (7, "Первый урок по-новому."),
            (5, "Ученики работали в группах по трое."),
            (3, "Пригласила родителей на открытый урок."),
        ],
        "photo": "Ученики за работой на третьей неделе (родители дали согласие).",
        "photo_lines": ["Записи наблюдений", "Ученики за работой"],
        "quote": "«Теперь я понимаю, почему вода меняет цвет». — ученик 7 класса",
        "poster_lines": ["Что я сделала", "Что изменилось"],
        "approved": "Ясно, честно и полезно для коллег. Опубликовано.",
        "changes": "Спасибо! Добавьте, пожалуйста, одну-две цитаты учеников как свидетельство и напишите, что вы "
        "будете делать в следующей четверти.",
    },
    "en": {
        "values": "Every pupil in a village school deserves the same chances.",
        "plan_what": "Try a small change for six weeks and keep notes.",
        "plan_with_whom": "Colleagues from the subject team, pupils, parents.",
        "plan_when": "This term, one lesson a week.",
        "consultations": [
            ("head", "Head teacher", "Agreed, and offered the old storeroom.", 60),
            ("pupils", "Year 7", "Pupils want to do experiments themselves.", 55),
        ],
        "journal": [
            (7, "First lesson with the new approach."),
            (5, "Pupils worked in groups of three."),
            (3, "Invited parents to an open lesson."),
        ],
        "photo": "Pupils at work during the third week (parents consented).",
        "photo_lines": ["Observation notes", "Pupils at work"],
        "quote": "“Now I understand why the water changes colour.” — a Year 7 pupil",
        "poster_lines": ["What I did", "What changed"],
        "approved": "Clear, honest and useful for colleagues. Published.",
        "changes": "Thank you! Please add one or two pupil quotes as evidence, and say what you will do next term.",
    },
}
INTROS = {
    "kk": "<p>Ауыл мектептерінің мұғалімдері өз тәжірибесіндегі мәселені қалай шешкені туралы фасилитатор тексерген "
    "кейс-стадилер.</p>",
    "ru": "<p>Кейсы учителей сельских школ о том, как они решали проблему своей практики; каждый проверен "
    "фасилитатором.</p>",
    "en": "<p>Case studies by teachers in rural schools about a concern of their practice and the change they led; "
    "each one reviewed by a facilitator.</p>",
}

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
COLOURS = [(11, 93, 107), (138, 42, 11), (31, 107, 52), (70, 60, 140), (150, 100, 20)]


def _font(size: int):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def _poster_image(title: str, lines: list[str], n: int) -> Image.Image:
    """An A-series portrait poster with a coloured title band and text blocks."""
    image = Image.new("RGB", (848, 1200), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    colour = COLOURS[n % len(COLOURS)]
    draw.rectangle([0, 0, 848, 230], fill=colour)
    y = 40
    for chunk in _wrap(title, 28)[:3]:
        draw.text((40, y), chunk, font=_font(44), fill="white")
        y += 56
    y = 280
    for block in lines:
        draw.rectangle([40, y, 808, y + 250], outline=colour, width=4)
        inner = y + 20
        for chunk in _wrap(block, 44)[:8]:
            draw.text((60, inner), chunk, font=_font(24), fill=(29, 35, 43))
            inner += 30
        y += 290
    return image


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _upload(image: Image.Image, fmt: str, name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    image.save(out, fmt, **({"resolution": 100} if fmt == "PDF" else {"quality": 85}))
    return SimpleUploadedFile(name, out.getvalue())


def _themes(slugs):
    return list(Theme.objects.filter(slug__in=slugs))


def _group_for(user: User) -> TeacherGroup | None:
    return TeacherGroup.objects.filter(memberships__user=user).first()


def _advance(project: ProjectPage, user: User, stage: str, n: int) -> ProjectPage:
    """Fill in every stage up to `stage`, with realistic short content."""
    target = STAGE_ORDER.index(stage)
    today = timezone.localdate()
    texts = STAGE_TEXTS[project.language]
    if target >= STAGE_ORDER.index(Stage.PLAN):
        project = services.update_project(
            project=project,
            user=user,
            plan_what=texts["plan_what"],
            plan_with_whom=texts["plan_with_whom"],
            plan_when=texts["plan_when"],
        )
    if target >= STAGE_ORDER.index(Stage.CONSULTATION):
        for role, who, said, days in texts["consultations"]:
            services.add_consultation(
                project=project, user=user, role=role, who=who, said=said, date=today - timedelta(days=days)
            )
    if target >= STAGE_ORDER.index(Stage.ACTION):
        for weeks, text in texts["journal"]:
            services.add_journal_entry(project=project, user=user, date=today - timedelta(weeks=weeks), text=text)
    if target >= STAGE_ORDER.index(Stage.EVIDENCE):
        photo = _poster_image(project.title, texts["photo_lines"], n).resize((424, 600))
        upload = clean_image(_upload(photo, "JPEG", "evidence.jpg"), stem="evidence")
        services.add_evidence(
            project=project, user=user, kind="photo", consent=True, upload=upload, description=texts["photo"]
        )
        services.add_evidence(
            project=project, user=user, kind="quote", consent=True, upload=None, description=texts["quote"]
        )
    project = selectors.get_project(pk=project.pk)
    if project.stage != stage and stage not in (Stage.POSTER, Stage.WRITEUP, Stage.PUBLISHED):
        project = services.set_stage(project=project, user=user, stage=stage)
    return project


def _add_poster(project: ProjectPage, user: User, kind: str, texts: list[str], n: int) -> ProjectPage:
    image = _poster_image(project.title, texts, n)
    if kind == "pdf":
        upload = clean_image_or_pdf(_upload(image, "PDF", "poster.pdf"), stem="poster")
    else:
        upload = clean_image_or_pdf(_upload(image, "JPEG", "poster.jpg"), stem="poster")
    return services.set_poster_upload(project=project, user=user, upload=upload)


def seed(*, stdout=None) -> None:
    # Wagtail e-mails reviewers about each workflow step; the demo's steps need no e-mails on the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _seed(stdout=stdout)


@transaction.atomic
def _seed(*, stdout=None) -> None:
    for position, (slug, en, kk, ru) in enumerate(POLICY_THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_kk": kk, "name_ru": ru, "position": position * 10}
        )
    services.ensure_site_structure()
    for code, index in services.ensure_case_study_indexes().items():
        if index.intro != INTROS[code]:
            index.intro = INTROS[code]
            index.save_revision().publish()
    users = {u.email: u for u in User.objects.all()}
    posters = case_studies = created = 0

    for n, story in enumerate(CASE_STUDIES):
        lead = users[story["lead"]]
        title, summary, body = story[story["language"]]
        if ProjectPage.objects.filter(lead=lead, title=title).exists():
            continue
        group = _group_for(lead)
        project = services.create_project(
            user=lead,
            title=title,
            subject=story["subject"],
            language=story["language"],
            group=group,
            themes=_themes(story["themes"]),
            values=summary,
            concern=summary,
        )
        project = _advance(project, lead, Stage.EVIDENCE, n)
        project = _add_poster(project, lead, story["poster"], body.split("\n\n")[:3], n)
        posters += 1
        project = services.update_writeup(
            project=project, user=lead, writeup=body, consent_pupils=True, consent_publish=True, hide_school=n % 3 == 2
        )
        services.submit_project(project=project, user=lead)
        page = services.approve_project(
            project=selectors.get_project(pk=project.pk),
            user=group.facilitator,
            comment=STAGE_TEXTS[story["language"]]["approved"],
        )
        for code in ("kk", "ru", "en"):
            if code != story["language"]:
                t_title, t_summary, t_body = story[code]
                translated = services.translate_case_study(
                    page=page, user=group.facilitator, language=code, title=t_title, summary=t_summary, body=t_body
                )
                services.approve_case_study(page=translated, user=group.facilitator)  # translations are reviewed too
        case_studies += 1
        created += 1

    for n, (email, stage, subject, slugs, language, title, concern) in enumerate(IN_PROGRESS, start=len(CASE_STUDIES)):
        lead = users[email]
        if ProjectPage.objects.filter(lead=lead, title=title).exists():
            continue
        project = services.create_project(
            user=lead,
            title=title,
            subject=subject,
            language=language,
            group=_group_for(lead),
            themes=_themes(slugs),
            values=STAGE_TEXTS[language]["values"],
            concern=concern,
        )
        project = _advance(project, lead, stage, n)
        if stage in (Stage.POSTER, Stage.WRITEUP):
            project = _add_poster(project, lead, "image", [concern, *STAGE_TEXTS[language]["poster_lines"]], n)
            posters += 1
        if stage == Stage.WRITEUP:
            # Both write-ups are submitted: one waits for facilitator@example.org, the other came back with comments.
            project = services.update_writeup(
                project=project,
                user=lead,
                writeup=f"{concern}\n\n{WRITEUP_DRAFT[language]}",
                consent_pupils=True,
                consent_publish=True,
                hide_school=False,
            )
            services.submit_project(project=project, user=lead)
            if project.group.facilitator.email != "facilitator@example.org":
                services.request_changes(
                    project=selectors.get_project(pk=project.pk),
                    user=project.group.facilitator,
                    comment=STAGE_TEXTS[language]["changes"],
                )
        if n % 4 == 0 and stage != Stage.WRITEUP:  # some projects have gone quiet: the facilitator sees them flagged
            ProjectPage.objects.filter(pk=project.pk).update(last_activity_at=timezone.now() - timedelta(days=40 + n))
        created += 1

    sessions = _seed_poster_sessions()
    voice_demo.seed(
        index=services.ensure_project_index(),
        teachers=list(User.objects.filter(school__isnull=False, is_facilitator=False).select_related("school__region")),
        events=list(EventPage.objects.filter(locale__language_code="kk", start__lt=timezone.now())),
        stdout=stdout,
    )

    if stdout:
        stdout.write(f"projects: poster sessions at {sessions} events")
        stdout.write(
            f"projects: {len(POLICY_THEMES)} themes, {ProjectPage.objects.count()} projects ({created} new), "
            f"{posters} new posters, {case_studies} new case studies in kk/ru/en"
        )


def _seed_poster_sessions() -> int:
    """Posters at the demo events, through the same services as the event page and the organisers' page:
    4 accepted at the past Almaty session, 3 at the past Mangystau one, 2 accepted and 1 waiting at the upcoming
    winter meeting, where teacher@example.org is registered and may still offer theirs. Offers at past events are
    made "two weeks before" (`now=`). Boards and groups are (re)assigned each run, which changes nothing twice."""
    from network.events.demo import EVENTS

    events = [EventPage.objects.filter(slug=spec["slug"], locale__language_code="kk").first() for spec in EVENTS[:3]]
    if not all(events):
        return 0
    posters = list(ProjectPage.objects.exclude(poster_file="").select_related("lead").order_by("pk"))
    teachers_poster = [p for p in posters if p.lead.email == "teacher@example.org"][:1]
    others = [p for p in posters if p not in teachers_poster]
    almaty, mangystau, winter = events
    plans = [
        (almaty, teachers_poster + others[0:3], 4),
        (mangystau, others[3:6], 3),
        (winter, others[6:9], 2),
    ]
    teacher = User.objects.get(email="teacher@example.org")
    Registration.objects.get_or_create(event=winter, user=teacher)
    for event, projects, accept in plans:
        organiser = event.organisers.first()
        offered_at = event.start - timedelta(days=14)
        for position, project in enumerate(projects):
            Registration.objects.get_or_create(event=event, user=project.lead)
            presentation = PosterPresentation.objects.filter(event=event, project=project).first()
            if presentation is None:
                presentation = poster_services.offer_poster(
                    event=event, project=project, user=project.lead, now=offered_at
                )
            if position < accept and presentation.status == PosterPresentation.Status.OFFERED:
                poster_services.decide_poster(presentation=presentation, user=organiser, accept=True, now=offered_at)
        poster_services.assign_boards_and_groups(event=event, user=organiser, group_size=4, rotation_minutes=10)
        if event_selectors.event_has_ended(event=event):  # the presenters came: their certificates of presentation
            for presentation in poster_selectors.list_event_posters(event=event):
                registration, _ = Registration.objects.get_or_create(event=event, user=presentation.presenter)
                if not registration.attendance:
                    event_services.mark_attendance(registration=registration, attendance="in_person", by=organiser)
            event_services.issue_certificates(event=event, by=organiser)
    return len(plans)
