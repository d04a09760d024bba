"""The policy-relevant theme list: what rural teachers raise, in the order the public figures show it.

(slug, English, Kazakh, Russian). Migration 0007 wrote this list once (a frozen copy); admins edit themes as
snippets from then on, and `seed_demo` refreshes the demo's names from here.
"""

POLICY_THEMES = [
    (
        "practical-work",
        "No laboratory: practical work",
        "Зертхана жоқ: практикалық жұмыс",
        "Нет лаборатории: практические работы",
    ),
    ("multigrade", "Multigrade classes", "Біріктірілген сыныптар", "Малокомплектные классы"),
    ("mentoring", "Mentoring new teachers", "Жас мұғалімдерге тәлімгерлік", "Наставничество молодых учителей"),
    ("unstable-internet", "Unstable internet", "Тұрақсыз интернет", "Нестабильный интернет"),
    ("parents", "Parents' involvement", "Ата-аналардың қатысуы", "Вовлечение родителей"),
    ("inclusion", "Inclusion", "Инклюзивті білім беру", "Инклюзивное образование"),
    ("digital-skills", "Digital skills", "Цифрлық дағдылар", "Цифровые навыки"),
    ("reading", "Reading literacy", "Оқу сауаттылығы", "Читательская грамотность"),
    ("assessment", "Assessment for learning", "Оқыту үшін бағалау", "Оценивание для обучения"),
    ("language", "Teaching in a second language", "Екінші тілде оқыту", "Обучение на неродном языке"),
    ("wellbeing", "Pupils' wellbeing", "Оқушылардың әл-ауқаты", "Благополучие учащихся"),
    ("other", "Other", "Басқа", "Другое"),
]
