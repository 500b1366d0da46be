"""The validator's messages in every language of the catalogue: same place, the reader's words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from servicecatalog.cli import main
from servicecatalog.model.loader import read_document
from servicecatalog.model.translations import SOURCE, catalogue, placeholders, render, say, shipped
from site_helpers import PROJECT


def _catalogue_languages() -> list[str]:
    return [str(code) for code in read_document(PROJECT / "catalog" / "catalog.yaml", "catalog.yaml").data["languages"]]


def test_mk_sq_and_en_are_shipped_and_every_catalogue_language_is_served() -> None:
    assert {"en", "mk", "sq"} <= set(shipped())
    for language in _catalogue_languages():
        assert language in shipped()  # a language without a file would fall back to English


@pytest.mark.parametrize("language", sorted(set(shipped()) | set(_catalogue_languages())))
def test_every_message_exists_in_every_language_with_the_same_placeholders(language: str) -> None:
    source, words = catalogue(SOURCE), catalogue(language)
    assert set(words) == set(source), set(source) ^ set(words)
    for key, template in source.items():
        assert placeholders(words[key]) == placeholders(template), key


def test_a_message_is_english_text_that_can_be_said_in_another_language() -> None:
    message = say("enum", value="'yes'", options='"full", "partial"')
    assert message == "'yes' is not allowed here; use one of: \"full\", \"partial\""
    assert render(message, "mk").startswith("'yes' не е дозволено тука")
    assert render(message, "sq").startswith("'yes' nuk lejohet këtu")
    assert render(message, "de") == message  # not shipped: English
    assert render("plain text", "mk") == "plain text"


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT / "tests" / "fixtures" / "mini" / "catalog", tmp_path / "catalog")
    residence = tmp_path / "catalog" / "services" / "town" / "residence.yaml"
    text = residence.read_text(encoding="utf-8")
    residence.write_text(text.replace("    form: original-for-inspection\n", "    form: original-for-inspection\n    colour: blue\n"), encoding="utf-8")
    return tmp_path


def test_validate_lang_mk_says_the_same_problem_at_the_same_place(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(broken)]) == 1
    english = [line for line in capsys.readouterr().out.splitlines() if "residence.yaml" in line and " error: " in line]
    assert main(["validate", str(broken), "--lang", "mk"]) == 1
    macedonian = [line for line in capsys.readouterr().out.splitlines() if "residence.yaml" in line and " error: " in line]
    assert len(english) == len(macedonian) == 1
    assert english[0].split(" error: ")[0] == macedonian[0].split(" error: ")[0]  # file:line:col
    assert "unknown field 'colour'" in english[0] and "непознато поле 'colour'" in macedonian[0]
    assert main(["validate", str(broken), "--format", "github"]) == 1  # the catalogue's default language
    assert "непознато поле 'colour'" in capsys.readouterr().out


@pytest.mark.parametrize("language", ["mk", "sq"])
def test_the_review_tools_words_are_in_the_one_message_catalogue(language: str) -> None:
    """The change summary's words and flags are messages of locales/<language>.yaml, translated there, not a Python table."""
    from servicecatalog.review.flags import say as flag_say
    from servicecatalog.review.reportwords import words

    review = {key: text for key, text in catalogue(language).items() if key.startswith("review.")}
    assert len(review) > 50
    assert words(language)["Added"] == review["review.Added"]
    assert flag_say(language, "institution", iid="x") == review["review.flag.institution"].format(iid="x")
    english = catalogue(SOURCE)
    untranslated = [key for key, text in review.items() if text == english[key] and placeholders(text) != {text.strip("{}")}]
    assert untranslated == [], f"said in English in {language}: {untranslated}"


FIELD_KINDS = ("service", "template", "institution", "settings", "vocabulary")


@pytest.mark.parametrize("language", sorted((set(shipped()) | set(_catalogue_languages())) - {SOURCE}))
def test_every_schema_field_has_a_name_in_every_language(language: str) -> None:
    """English names are the schemas' titles; every other language names each field in locales/fields/<language>.yaml."""
    from servicecatalog.model.fields import load_model
    from servicecatalog.model.translations import field_titles

    model = load_model()
    wanted = {f"{kind}.{node.path}" for kind in FIELD_KINDS for node in model.fields(kind) if node.name != "[]" and node.title}
    names = field_titles(language)
    assert sorted(wanted - set(names)) == [], f"fields without a name in {language}: add them to model/locales/fields/{language}.yaml"
    assert sorted(set(names) - wanted) == [], f"names of fields the schemas no longer have, in model/locales/fields/{language}.yaml"


def test_cross_file_rules_speak_the_editors_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reference to nothing, a plain http link and a duplicated code: the same places, said in mk and sq."""
    shutil.copytree(PROJECT / "tests" / "fixtures" / "mini" / "catalog", tmp_path / "catalog")
    residence = tmp_path / "catalog" / "services" / "town" / "residence.yaml"
    text = residence.read_text(encoding="utf-8").replace("related: [property-tax]", "related: [property-taxes]")
    text = text.replace("url: https://e-services.example.org/residence", "url: http://e-services.example.org/residence")
    residence.write_text(text.replace("code: TOWN-002", "code: TOWN-001"), encoding="utf-8")
    said = {}
    for language in ("en", "mk", "sq"):
        main(["validate", str(tmp_path), "--lang", language])
        said[language] = sorted(line for line in capsys.readouterr().out.splitlines() if "residence.yaml:" in line)
    assert len(said["en"]) == len(said["mk"]) == len(said["sq"]) == 3
    for en, mk, sq in zip(said["en"], said["mk"], said["sq"], strict=True):
        assert en.split(": ", 1)[0] == mk.split(": ", 1)[0] == sq.split(": ", 1)[0]  # file:line:col and severity
    messages = {language: " | ".join(lines) for language, lines in said.items()}
    assert "there is no service with id 'property-taxes' in the catalogue; did you mean 'property-tax'?" in messages["en"]
    assert "во каталогот нема услуга со идентификатор 'property-taxes'; дали мислевте на 'property-tax'?" in messages["mk"]
    assert "në katalog nuk ka shërbim me identifikues 'property-taxes'; mos keni parasysh 'property-tax'?" in messages["sq"]
    assert "е обична http-адреса" in messages["mk"] and "është një adresë e thjeshtë http" in messages["sq"]
    assert "шифрата 'TOWN-001' веќе се користи во" in messages["mk"] and "kodi 'TOWN-001' përdoret tashmë nga" in messages["sq"]
