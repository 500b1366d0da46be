"""The fixed words of the change summary (headings, the summary's groups, the lines around the data) per language.

Kept in one table, keyed like a message catalogue, so that they can move into the
project's message localisation when it lands. Field names are the schema's titles
and the catalogue's values are shown in the summary's language (``Differ``); a
language missing here falls back to English.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Catalogue changes",
        "invalid": "**{rev} does not pass validation** ({n} error(s)); the changes below are read from the files that load. Run `catalog validate` for the full list.",
        "more": "… and {n} more",
        "none": "No changes to the catalogue.",
        "closer": "Needs a closer look",
        "short": "Services in short",
        "services": "Services",
        "institutions": "Institutions",
        "vocabularies": "Vocabularies",
        "other": "Other files",
        "Added": "Added", "Removed": "Removed", "Withdrawn": "Withdrawn", "Renamed": "Renamed",
        "Identifier changed": "Identifier changed", "Changed": "Changed", "Checked, nothing changed": "Checked, nothing changed",
        "new": "new", "removed": "removed",
        "owner": "Owning institution", "editors": "editors", "Editors": "Editors", "none named": "none named",
        "template": "Shared template", "same way": "Changes {n} service(s) in the same way: {names}",
        "preview": "Preview", "file": "File", "missing": "Missing for citizens", "nothing": "nothing", "free": "free (no fees)",
        "preview_note": "Built from this pull request at {sha}, updated on every push and removed when it closes. Every page says it is not the official catalogue.",
    },
    "mk": {
        "title": "Промени во каталогот",
        "invalid": "**{rev} не поминува проверка** (грешки: {n}); промените подолу се читаат од датотеките што се вчитуваат. Извршете `catalog validate` за целиот список.",
        "more": "… и уште {n}",
        "none": "Нема промени во каталогот.",
        "closer": "Бара повнимателен поглед",
        "short": "Услугите накратко",
        "services": "Услуги",
        "institutions": "Институции",
        "vocabularies": "Речници",
        "other": "Други датотеки",
        "Added": "Додадени", "Removed": "Отстранети", "Withdrawn": "Повлечени", "Renamed": "Преименувани",
        "Identifier changed": "Променет идентификатор", "Changed": "Изменети", "Checked, nothing changed": "Проверени, без промена",
        "new": "нова", "removed": "отстранета",
        "owner": "Институција", "editors": "уредници", "Editors": "Уредници", "none named": "не се наведени",
        "template": "Заеднички шаблон", "same way": "Ги менува на ист начин услугите ({n}): {names}",
        "preview": "Преглед", "file": "Датотека", "missing": "Недостасува за граѓаните", "nothing": "ништо", "free": "бесплатно (без такси)",
        "preview_note": "Изградено од ова барање за промена на {sha}, се обновува при секое ново поднесување и се брише кога ќе се затвори. Секоја страница кажува дека не е официјалниот каталог.",
    },
    "sq": {
        "title": "Ndryshimet në katalog",
        "invalid": "**{rev} nuk e kalon kontrollin** (gabime: {n}); ndryshimet më poshtë lexohen nga skedarët që ngarkohen. Ekzekutoni `catalog validate` për listën e plotë.",
        "more": "… dhe {n} të tjera",
        "none": "Asnjë ndryshim në katalog.",
        "closer": "Kërkon më shumë vëmendje",
        "short": "Shërbimet shkurtimisht",
        "services": "Shërbimet",
        "institutions": "Institucionet",
        "vocabularies": "Fjalorët",
        "other": "Skedarë të tjerë",
        "Added": "Të shtuara", "Removed": "Të hequra", "Withdrawn": "Të tërhequra", "Renamed": "Të riemërtuara",
        "Identifier changed": "Identifikues i ndryshuar", "Changed": "Të ndryshuara", "Checked, nothing changed": "Të kontrolluara, pa ndryshim",
        "new": "i ri", "removed": "i hequr",
        "owner": "Institucioni", "editors": "redaktorët", "Editors": "Redaktorët", "none named": "asnjë i emërtuar",
        "template": "Shablloni i përbashkët", "same way": "I ndryshon në të njëjtën mënyrë shërbimet ({n}): {names}",
        "preview": "Parapamja", "file": "Skedari", "missing": "Mungon për qytetarët", "nothing": "asgjë", "free": "falas (pa tarifa)",
        "preview_note": "Ndërtuar nga kjo kërkesë për ndryshim në {sha}, përditësohet me çdo dërgim të ri dhe hiqet kur mbyllet. Çdo faqe thotë se nuk është katalogu zyrtar.",
    },
}


def words(language: str) -> dict[str, str]:
    """The summary's words in ``language``, English for any word or language not translated."""
    return {**WORDS["en"], **WORDS.get(language, {})}
