"""One problem per file: each file of tests/invalid/, placed on a copy of the small catalogue, gives exactly the
problems listed for it in EXPECTED (errors and warnings, with their places and messages).

Each file's first line says where it goes: ``# target: services/town/<name>.yaml`` (a path under catalog/).
A rule about more than one file names what else the case needs in the lines after it:
``# with: context/<file>.yaml`` places a valid file of tests/invalid/context/ (its own first line says where), and
``# without: vocabularies/<name>.yaml`` removes a file of the small catalogue. The broken file stays one file.
Files whose content cannot be a text file with that comment (empty, binary, not UTF-8, too big, a control
character) are made here, from the bytes in GENERATED. To add a case: add the file, run the validator on it, check
that the message tells an editor what to write instead, then add its line to EXPECTED.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from servicecatalog.cli import main
from servicecatalog.editors import scaffold
from servicecatalog.model.loader import MAX_FILE_BYTES, describe
from servicecatalog.model.report import format_text
from servicecatalog.model.validate import PLACEHOLDER, validate_catalog

PROJECT = Path(__file__).resolve().parents[1]
MINI = PROJECT / "tests" / "fixtures" / "mini"
INVALID = PROJECT / "tests" / "invalid"
CONTEXT = INVALID / "context"
TARGET = re.compile(r"\A# target: (\S+)\n")
HEADER = re.compile(r"# (with|without): (\S+)")
# Cases whose problems are warnings only: the file is valid, but not finished.
WARNING_CASES = {
    "translation-missing.yaml", "ui-word-missing.yaml", "ui-unknown-key.yaml", "placeholder-left.yaml", "channels-url-plain-http.yaml",
    "fees-amount-thousands-dot.yaml", "fees-amount-below-smallest.yaml", "translation-wrong-script.yaml", "translation-copied.yaml",
}
# Warnings on an editor's machine that the pull request's check (`catalog validate --pr`) turns into errors.
PR_ERROR_CASES = {"placeholder-left.yaml", "fees-amount-thousands-dot.yaml", "fees-amount-below-smallest.yaml", "translation-wrong-script.yaml", "translation-copied.yaml"}

# name -> (target under catalog/, bytes of the file)
GENERATED: dict[str, tuple[str, bytes]] = {
    "load-empty-file.yaml": ("services/town/empty-file.yaml", b""),
    "load-binary.yaml": ("services/town/binary.yaml", b"id: binary\n\x00\x01\x02\xff"),
    "load-not-utf8.yaml": ("services/town/not-utf8.yaml", "id: not-utf8\nname: {mk: Café}\n".encode("latin-1")),
    "load-oversize.yaml": ("services/town/oversize.yaml", b"id: oversize\n" + b"# padding\n" * (MAX_FILE_BYTES // 10)),
    "load-control-character.yaml": ("services/town/control-character.yaml", "id: control-character\nname: {mk: Пасош\x07}\n".encode()),
}


def _header(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """The target of a case file, and the `with`/`without` lines among the comments that open it."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    match = TARGET.match(text)
    assert match, f"{path.name} must start with a line `# target: services/town/<name>.yaml`"
    opening = itertools.takewhile(lambda line: line.startswith("#"), text[match.end():].split("\n"))
    return match.group(1), [(found.group(1), found.group(2)) for line in opening if (found := HEADER.fullmatch(line))]


def _place(name: str, root: Path) -> None:
    if name in GENERATED:
        target, content = GENERATED[name]
    else:
        content = (INVALID / name).read_bytes()
        target, needs = _header(INVALID / name)
        for how, what in needs:
            if how == "with":
                _place_file(root, *_context(what))
            else:
                (root / "catalog" / what).unlink()
    _place_file(root, target, content)


def _context(name: str) -> tuple[str, bytes]:
    path = INVALID / name
    assert path.parent == CONTEXT and path.is_file(), f"`# with: {name}` must name a file of tests/invalid/context/"
    target, needs = _header(path)
    assert not needs, f"{name}: a context file needs nothing else"
    return target, path.read_bytes()


def _place_file(root: Path, target: str, content: bytes) -> None:
    dest = root / "catalog" / target
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(content)


def _run_fixture(name: str, tmp_path: Path) -> list[tuple[str, str, int, int, str, str]]:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    _place(name, root)
    result = validate_catalog(root)
    return [(p.severity, p.file, p.line, p.column, p.field, p.message) for p in result.problems]


# name -> every problem, as (severity, file, line, column, field, message)
EXPECTED: dict[str, list[tuple[str, str, int, int, str, str]]] = {
    'categories-empty.yaml': [
        ('error', 'catalog/services/town/no-categories.yaml', 6, 13, 'categories', 'the list is empty; give at least one entry or leave the field out if it is optional'),
    ],
    'channels-maturity-5.yaml': [
        ('error', 'catalog/services/town/maturity-5.yaml', 8, 15, 'channels[0].maturity', '5 is greater than the maximum of 4'),
    ],
    'channels-missing-while-active.yaml': [
        ('error', 'catalog/services/town/no-channels.yaml', 2, 1, '', 'an active service needs at least one way to apply in `channels`'),
    ],
    'channels-url-javascript.yaml': [
        ('error', 'catalog/services/town/url-javascript.yaml', 9, 10, 'channels[0].url', '\'javascript:alert(1)\' is not a valid web address: A full web address starting with `https://` or `http://`; for example "https://uslugi.gov.mk/"'),
    ],
    'channels-url-plain-http.yaml': [
        ('warning', 'catalog/services/town/plain-http.yaml', 9, 10, 'channels[0].url', "'http://e-services.example.org/plain-http' is a plain http address; write the https address if the site has one (an http link is never the page's main button)"),
    ],
    'channels-url-trailing-newline.yaml': [
        ('error', 'catalog/services/town/url-newline.yaml', 9, 10, 'channels[0].url', '\'https://e-services.example.org/url-newline\\n\' is not a valid web address: A full web address starting with `https://` or `http://`; for example "https://uslugi.gov.mk/"; remove the spaces or line breaks around the value (write it on the field\'s line, not as a `|` block)'),
    ],
    'channels-empty-while-active.yaml': [
        ('error', 'catalog/services/town/no-channels.yaml', 6, 11, 'channels', 'an active service needs at least one way to apply in `channels`'),
    ],
    'code-trailing-newline.yaml': [
        ('error', 'catalog/services/town/code-newline.yaml', 3, 7, 'code', '\'TOWN-101\\n\' is not a valid catalogue code: The service\'s code in the national register of services, or another code unique in this catalogue; for example "MVR-001"; remove the spaces or line breaks around the value (write it on the field\'s line, not as a `|` block)'),
    ],
    'crossfile-duplicate-code.yaml': [
        ('error', 'catalog/services/town/same-code.yaml', 3, 7, 'code', "the code 'TOWN-001' is already used by catalog/services/town/property-tax.yaml; choose another"),
    ],
    'crossfile-duplicate-service-id.yaml': [
        ('error', 'catalog/services/other/residence.yaml', 5, 14, 'institution', "the service is owned by 'town' but sits in the folder services/other/; move it to services/town/"),
        ('error', 'catalog/services/town/residence.yaml', 1, 5, 'id', "the service id 'residence' is already used by catalog/services/other/residence.yaml; choose another"),
    ],
    'crossfile-fee-channel-missing.yaml': [
        ('error', 'catalog/services/town/fee-channel.yaml', 12, 16, 'fees[0].channels[0]', "this fee is for the 'online' channel, but the service has no such channel in `channels`"),
    ],
    'crossfile-file-name-not-id.yaml': [
        ('error', 'catalog/services/town/file-name.yaml', 2, 5, 'id', "the id 'another-name' differs from the file name 'file-name.yaml'; rename the file to another-name.yaml or fix the id"),
    ],
    'crossfile-folder-not-institution.yaml': [
        ('error', 'catalog/services/elsewhere/wrong-folder.yaml', 5, 14, 'institution', "the service is owned by 'town' but sits in the folder services/elsewhere/; move it to services/town/"),
    ],
    'crossfile-former-id-current.yaml': [
        ('error', 'catalog/services/town/former-current.yaml', 6, 23, 'former_ids[1]', "the former id 'residence' is the id of a current service; its old address cannot redirect here"),
    ],
    'crossfile-former-id-duplicate.yaml': [
        ('error', 'catalog/services/town/former-twice.yaml', 7, 14, 'former_ids[0]', "the former id 'old-permit' is already used by catalog/services/town/former-holder.yaml; choose another"),
    ],
    'crossfile-institution-id-duplicate.yaml': [
        ('error', 'catalog/institutions/village.yaml', 2, 5, 'id', "the id 'town' differs from the file name 'village.yaml'; rename the file to town.yaml or fix the id"),
        ('error', 'catalog/institutions/village.yaml', 2, 5, 'id', "the institution id 'town' is already used by catalog/institutions/town.yaml; choose another"),
    ],
    'crossfile-office-id-duplicate.yaml': [
        ('error', 'catalog/institutions/town.yaml', 25, 9, 'offices[1].id', "the office id 'centre' is already used on line 11; choose another"),
    ],
    'crossfile-online-no-url.yaml': [
        ('error', 'catalog/services/town/online-no-url.yaml', 7, 5, 'channels[0]', 'an online channel of maturity 2 or more needs the `url` where citizens apply'),
    ],
    'crossfile-processing-time-channel-missing.yaml': [
        ('error', 'catalog/services/town/time-channel.yaml', 12, 18, 'processing_time.per_channel[0].channels[0]', "this processing time is for the 'online' channel, but the service has no such channel in `channels`"),
    ],
    'crossfile-related-itself.yaml': [
        ('error', 'catalog/services/town/related-itself.yaml', 9, 22, 'related[1]', 'a service cannot be related to itself'),
    ],
    'crossfile-replaced-by-itself.yaml': [
        ('error', 'catalog/services/town/replaced-itself.yaml', 7, 14, 'replaced_by', 'a service cannot replace itself'),
    ],
    'crossfile-template-id-duplicate.yaml': [
        ('error', 'catalog/templates/tax-copy.yaml', 2, 5, 'id', "the id 'property-tax' differs from the file name 'tax-copy.yaml'; rename the file to property-tax.yaml or fix the id"),
        ('error', 'catalog/templates/tax-copy.yaml', 2, 5, 'id', "the template id 'property-tax' is already used by catalog/templates/property-tax.yaml; choose another"),
    ],
    'crossfile-term-id-duplicate.yaml': [
        ('error', 'catalog/vocabularies/audiences.yaml', 8, 9, 'terms[2].id', "the term id 'citizens' is already used on line 4; choose another"),
    ],
    'crossfile-unknown-institution.yaml': [
        ('error', 'catalog/services/nowhere/unknown-institution.yaml', 5, 14, 'institution', "there is no institution with id 'nowhere' in the catalogue; the ids are the file names in catalog/institutions/"),
    ],
    'crossfile-unknown-office.yaml': [
        ('error', 'catalog/services/town/unknown-office.yaml', 8, 15, 'channels[0].offices[0]', "there is no office 'town/annex'; write institution/office as listed under `offices:` in catalog/institutions/"),
    ],
    'crossfile-unknown-related.yaml': [
        ('error', 'catalog/services/town/unknown-related.yaml', 9, 22, 'related[1]', "there is no service with id 'parking-permit' in the catalogue; the ids are the file names in catalog/services/<institution-id>/"),
    ],
    'crossfile-unknown-replaced-by.yaml': [
        ('error', 'catalog/services/town/unknown-replaced-by.yaml', 7, 14, 'replaced_by', "there is no service with id 'new-property-tax' in the catalogue; did you mean 'property-tax'?"),
    ],
    'crossfile-unknown-template.yaml': [
        ('error', 'catalog/services/town/unknown-template.yaml', 4, 11, 'template', "there is no template with id 'land-tax' in the catalogue; the ids are the file names in catalog/templates/"),
    ],
    'crossfile-unknown-term.yaml': [
        ('error', 'catalog/services/town/unknown-term.yaml', 9, 15, 'life_events[0]', "'retirement' is not a term of the 'life-events' vocabulary; use one of: moving-house"),
    ],
    'crossfile-vocabulary-missing.yaml': [
        ('error', 'catalog/services/town/no-vocabulary.yaml', 7, 24, 'identification_means[0]', 'the vocabulary file catalog/vocabularies/identification-means.yaml is missing'),
    ],
    'documents-obtained-yes.yaml': [
        ('error', 'catalog/services/town/obtained-yes.yaml', 11, 33, 'documents[0].obtained_by_administration', "'yes' is not true or false; write `true` or `false` (YAML words like yes/no/on/off are not accepted)"),
    ],
    'fees-amount-infinite.yaml': [
        ('error', 'catalog/services/town/fee-infinite.yaml', 11, 13, 'fees[0].amount', '1e400 is too large a number to be stored (the limit is about 1.8e308); write the real value, in quotes if it is text'),
    ],
    'fees-amount-below-smallest.yaml': [
        ('warning', 'catalog/services/town/fee-small.yaml', 11, 13, 'fees[0].amount', '1.8 MKD is less than the smallest fee expected in MKD (10, `smallest_fee` in catalog/catalog.yaml); if a thousands separator slipped in, write the amount without it (1500, not 1.500)'),
    ],
    'fees-amount-thousands-comma.yaml': [
        ('error', 'catalog/services/town/fee-comma.yaml', 11, 13, 'fees[0].amount', "'2,000' is written with a thousands separator; write the amount without separators: 2000"),
    ],
    'fees-amount-thousands-dot.yaml': [
        ('warning', 'catalog/services/town/fee-dot.yaml', 11, 13, 'fees[0].amount', '1.500 is read as the number 1.5, not 1500: amounts are written without thousands separators; write 1500 (or 1.5 if that is the amount)'),
    ],
    'fees-amount-negative.yaml': [
        ('error', 'catalog/services/town/fee-negative.yaml', 11, 13, 'fees[0].amount', '-5 is less than the minimum of 0'),
    ],
    'id-bad-pattern.yaml': [
        ('error', 'catalog/services/town/Bad_Id.yaml', 2, 5, 'id', '\'Bad_Id\' is not a valid identifier: Lower-case ASCII letters, digits and single hyphens, starting with a letter. It becomes part of web addresses, so it must never change once published; for example "passport"'),
    ],
    'in-person-visits-leading-zero.yaml': [
        ('error', 'catalog/services/town/leading-zero.yaml', 6, 19, 'in_person_visits', "'012' must be a whole number; write it without leading zeros or quotes"),
    ],
    'layout-json-extension.json': [
        ('error', 'catalog/services/town/json-extension.json', 1, 1, '', 'only .yaml files (and README.md) belong in the catalogue'),
    ],
    'layout-outside-catalogue.yaml': [
        ('error', 'catalog/offices/centre.yaml', 1, 1, '', 'this place is not part of the catalogue layout: settings in catalog/catalog.yaml, then vocabularies/, institutions/, templates/ and services/<institution-id>/'),
    ],
    'layout-service-wrong-depth.yaml': [
        ('error', 'catalog/services/town/archive/wrong-depth.yaml', 1, 1, '', 'service files go in catalog/services/<institution-id>/<service-id>.yaml'),
    ],
    'layout-yml-extension.yml': [
        ('error', 'catalog/services/town/yml-extension.yml', 1, 1, '', 'rename it to yml-extension.yaml: catalogue files end in .yaml'),
    ],
    'legal-basis-articles-decimal.yaml': [
        ('error', 'catalog/services/town/articles-decimal.yaml', 11, 15, 'legal_basis[0].articles', '1.10 must be text; put it in quotes: "1.10"'),
    ],
    'load-alias.yaml': [
        ('error', 'catalog/services/town/alias.yaml', 3, 10, 'summary', 'aliases (*name) are not allowed; write the value out in full'),
    ],
    'load-anchor.yaml': [
        ('error', 'catalog/services/town/anchor.yaml', 3, 7, 'name', 'anchors (&name) are not allowed; write the value out in full'),
    ],
    'load-bad-indentation.yaml': [
        ('error', 'catalog/services/town/bad-indentation.yaml', 5, 3, '', 'YAML syntax: did not find expected key; check the indentation and quotes'),
    ],
    'load-bare-scalar.yaml': [
        ('error', 'catalog/services/town/bare-scalar.yaml', 2, 1, '', 'the file holds a single value; it must be a mapping of fields (`id: ...`, `name: ...`)'),
    ],
    'load-binary.yaml': [
        ('error', 'catalog/services/town/binary.yaml', 1, 1, '', 'this is a binary file, not YAML text'),
    ],
    'load-broken-institution-referenced.yaml': [
        ('error', 'catalog/institutions/town.yaml', 4, 1, 'id', "the key 'id' appears twice (first on line 2); keep one"),
    ],
    'load-broken-service-referenced.yaml': [
        ('error', 'catalog/services/town/property-tax.yaml', 8, 4, '', "YAML syntax: did not find expected '-' indicator; check the indentation and quotes"),
    ],
    'load-broken-template-referenced.yaml': [
        ('error', 'catalog/templates/property-tax.yaml', 4, 1, '', "YAML syntax: did not find expected ',' or '}'; check the indentation and quotes"),
    ],
    'load-comment-only.yaml': [
        ('error', 'catalog/services/town/comment-only.yaml', 1, 1, '', 'the file is empty; it must hold a mapping of fields'),
    ],
    'load-control-character.yaml': [
        ('error', 'catalog/services/town/control-character.yaml', 2, 17, '', 'the invisible character U+0007 is not allowed in YAML; delete it (such characters often come with text copied from another program)'),
    ],
    'load-custom-tag.yaml': [
        ('error', 'catalog/services/town/custom-tag.yaml', 3, 7, 'code', 'tags such as !foo are not allowed; write a plain value (use quotes for text)'),
    ],
    'load-duplicate-key.yaml': [
        ('error', 'catalog/services/town/duplicate-key.yaml', 4, 1, 'code', "the key 'code' appears twice (first on line 3); keep one"),
    ],
    'load-empty-file.yaml': [
        ('error', 'catalog/services/town/empty-file.yaml', 1, 1, '', 'the file is empty; it must hold a mapping of fields'),
    ],
    'load-explicit-str-tag.yaml': [
        ('error', 'catalog/services/town/explicit-str-tag.yaml', 3, 7, 'code', 'tags such as !!str are not allowed; write a plain value (use quotes for text)'),
    ],
    'load-key-boolean.yaml': [
        ('error', 'catalog/services/town/key-boolean.yaml', 3, 1, '', "the key 'true' is not text; field names are words (put it in quotes if you mean text)"),
    ],
    'load-key-number.yaml': [
        ('error', 'catalog/services/town/key-number.yaml', 3, 1, '', "the key '1' is not text; field names are words (put it in quotes if you mean text)"),
    ],
    'load-not-utf8.yaml': [
        ('error', 'catalog/services/town/not-utf8.yaml', 2, 15, '', 'the file is not UTF-8 text; save it as UTF-8'),
    ],
    'load-oversize.yaml': [
        ('error', 'catalog/services/town/oversize.yaml', 1, 1, '', 'the file is 257 KiB; the limit is 256 KiB per file'),
    ],
    'load-tab-indentation.yaml': [
        ('error', 'catalog/services/town/tab-indentation.yaml', 4, 1, '', 'YAML syntax: a tab character is not allowed here; indent with spaces only'),
    ],
    'load-too-deep.yaml': [
        ('error', 'catalog/services/town/too-deep.yaml', 3, 51, 'keywords[0][0]...', 'values are nested more than 40 levels deep; check the indentation and brackets'),
    ],
    'load-top-level-list.yaml': [
        ('error', 'catalog/services/town/top-level-list.yaml', 2, 1, '', 'the file holds a list; it must be a mapping of fields (`id: ...`, `name: ...`)'),
    ],
    'load-two-documents.yaml': [
        ('error', 'catalog/services/town/two-documents.yaml', 3, 1, '', 'the file holds more than one YAML document (a second `---`); keep one per file'),
    ],
    'name-default-language-missing.yaml': [
        ('error', 'catalog/services/town/no-default-language.yaml', 4, 7, 'name', "text in the default language 'mk' is missing; add `mk: ...`"),
    ],
    'name-unknown-language.yaml': [
        ('error', 'catalog/services/town/unknown-language.yaml', 4, 37, 'name.de', "'de' is not a language of this catalogue; use one of: mk, sq, en"),
    ],
    'placeholder-left.yaml': [
        ('warning', 'catalog/services/town/unfinished.yaml', 3, 7, 'code', "'TODO-UNFINISHED' is a placeholder left by `catalog new`; write the catalogue code: The service's code in the national register of services, or another code unique in this catalogue"),
        ('warning', 'catalog/services/town/unfinished.yaml', 6, 15, 'summary.mk', "'TODO: One or two plain sentences' is a placeholder left by `catalog new`; write the summary: One or two plain sentences: what the service is and who it is for. Shown in search results and lists"),
    ],
    'replaced-by-while-active.yaml': [
        ('error', 'catalog/services/town/replaced-active.yaml', 6, 1, 'replaced_by', 'only a withdrawn service has `replaced_by`; set `status: withdrawn` or remove it'),
    ],
    'reserved-former-id-index.yaml': [
        ('error', 'catalog/services/town/former-index.yaml', 6, 14, 'former_ids[0]', "the former id 'index' is reserved: its address would clash with one of the site's own pages or files; choose another"),
    ],
    'reserved-institution-id-search.yaml': [
        ('error', 'catalog/institutions/search.yaml', 2, 5, 'id', "the institution id 'search' is reserved: its address would clash with one of the site's own pages or files; choose another"),
    ],
    'reserved-service-id-index.yaml': [
        ('error', 'catalog/services/town/index.yaml', 2, 5, 'id', "the service id 'index' is reserved: its address would clash with one of the site's own pages or files; choose another"),
    ],
    'reserved-service-id-language.yaml': [
        ('error', 'catalog/services/town/sq.yaml', 2, 5, 'id', "the service id 'sq' is reserved: its address would clash with a language's folder; choose another"),
    ],
    'reserved-term-id-index.yaml': [
        ('error', 'catalog/vocabularies/categories.yaml', 8, 9, 'terms[2].id', "the term id 'index' is reserved: its address would clash with one of the site's own pages or files; choose another"),
    ],
    'service-required-code-missing.yaml': [
        ('error', 'catalog/services/town/no-code.yaml', 2, 1, '', "the required field 'code' (Catalogue code) is missing; add a line such as `code: MVR-001`"),
    ],
    'service-unknown-field-typo.yaml': [
        ('error', 'catalog/services/town/typo.yaml', 9, 1, 'sumary', "unknown field 'sumary'; did you mean 'summary'?"),
    ],
    'settings-language-names-unknown.yaml': [
        ('error', 'catalog/catalog.yaml', 3, 58, 'language_names.de', "'de' is not in `languages`"),
    ],
    'status-not-in-enum.yaml': [
        ('error', 'catalog/services/town/status-paused.yaml', 6, 9, 'status', '\'paused\' is not allowed here; use one of: "active", "withdrawn"'),
    ],
    'template-institution.yaml': [
        ('error', 'catalog/templates/owned.yaml', 4, 1, 'institution', "not in a template: write `institution` in each service's own file, because a template is shared by services of many institutions"),
    ],
    'translation-copied.yaml': [
        ('warning', 'catalog/services/town/copied.yaml', 6, 72, 'summary.en', "not translated into 'en': the text is the same as the 'mk' text; translate it, or leave `en:` out until it is (the site then shows the 'mk' text marked as not yet translated)"),
    ],
    'translation-wrong-script.yaml': [
        ('warning', 'catalog/services/town/wrong-script.yaml', 6, 43, 'summary.sq', "not translated into 'sq': the text is in Cyrillic script, but 'sq' is written in Latin; translate it, or leave `sq:` out until it is (the site then shows the 'mk' text marked as not yet translated)"),
    ],
    'translation-missing.yaml': [
        ('warning', 'catalog/services/town/untranslated.yaml', 4, 7, 'name', "1 text not translated into 'en': name"),
        ('warning', 'catalog/services/town/untranslated.yaml', 4, 7, 'name', "1 text not translated into 'sq': name"),
    ],
    'ui-default-language-missing.yaml': [
        ('error', 'catalog/ui/sq.yaml', 2, 1, '', 'catalog/ui/mk.yaml is missing: the default language needs every interface word'),
    ],
    'ui-unknown-key.yaml': [
        ('warning', 'catalog/ui/sq.yaml', 5, 1, 'service.documnets', "'service.documnets' is not a key of catalog/ui/mk.yaml; check the spelling"),
    ],
    'ui-unknown-language.yaml': [
        ('error', 'catalog/ui/de.yaml', 3, 1, '', 'de.yaml is for a language the catalogue does not have; name it after one of: mk, sq, en'),
    ],
    'ui-word-missing.yaml': [
        ('warning', 'catalog/ui/sq.yaml', 3, 1, '', "1 interface word not translated into 'sq': service.documents"),
    ],
    'settings-name-markup.yaml': [
        ('error', 'catalog/catalog.yaml', 4, 50, 'name.en', '\'<\' is not allowed here: this is plain text, shown as it is written; write it without < > " or & (for quotes use „ “ or « », for & the word)'),
    ],
    'settings-language-name-quote.yaml': [
        ('error', 'catalog/catalog.yaml', 3, 49, 'language_names.en', '\'"\' is not allowed here: this is plain text, shown as it is written; write it without < > " or & (for quotes use „ “ or « », for & the word)'),
    ],
    'settings-site-url-quote.yaml': [
        ('error', 'catalog/catalog.yaml', 8, 11, 'site_url', '\'"\' does not belong in a web address; write it percent-encoded (%22)'),
    ],
    'settings-map-links-unknown-placeholder.yaml': [
        ('error', 'catalog/catalog.yaml', 11, 10, 'map_links.point', '{zoom} is not a placeholder of this text; it takes: {lat}, {lon}'),
    ],
    'settings-map-links-unbalanced.yaml': [
        ('error', 'catalog/catalog.yaml', 12, 11, 'map_links.search', '\'https://www.openstreetmap.org/search?query={query\' is not a valid map search for an address: Address of a map search, used for offices without coordinates: write {query} where the office\'s address goes; for example "https://www.openstreetmap.org/search?query={query}"'),
        ('error', 'catalog/catalog.yaml', 12, 11, 'map_links.search', "'https://www.openstreetmap.org/search?qu…' has an unbalanced { or }; placeholders are written {name} (this text takes: {query}), and a brace meant as text is doubled: {{ or }}"),
    ],
    'ui-nav-word-entity.yaml': [
        ('error', 'catalog/ui/mk.yaml', 2, 11, 'nav.home', '\'&\' is not allowed here: this is plain text, shown as it is written; write it without < > " or & (for quotes use „ “ or « », for & the word)'),
    ],
    'ui-placeholder-unknown.yaml': [
        ('error', 'catalog/ui/mk.yaml', 3, 19, 'service.fee_from', '{amont} is not a placeholder of this text; it takes: {amount}'),
    ],
    'ui-placeholder-unbalanced.yaml': [
        ('error', 'catalog/ui/mk.yaml', 3, 16, 'stats.level_n', "'Ниво {level' has an unbalanced { or }; placeholders are written {name} (this text takes: {level}), and a brace meant as text is doubled: {{ or }}"),
    ],
    'ui-placeholder-attribute.yaml': [
        ('error', 'catalog/ui/mk.yaml', 3, 19, 'service.fee_from', '{amount.__class__.__mro__} is not a placeholder of this text; it takes: {amount}'),
    ],
    'ui-plural-unknown-placeholder.yaml': [
        ('error', 'catalog/ui/mk.yaml', 3, 18, 'unit.days.other', '{days} is not a placeholder of this text; it takes: {count}, {n}'),
    ],
    'ui-word-markup.yaml': [
        ('error', 'catalog/ui/mk.yaml', 3, 21, 'home.search_button', "'<' is not allowed here: this is plain text, shown as it is written; write it without < or > (for example ‹id› or ID)"),
    ],
    'ui-theme-word-quote.yaml': [
        ('error', 'catalog/ui/mk.yaml', 3, 13, 'theme.dark', '\'"\' is not allowed here: this is plain text, shown as it is written; write it without < > " or & (for quotes use „ “ or « », for & the word)'),
    ],
    'name-bidi-override.yaml': [
        ('error', 'catalog/services/town/bidi-name.yaml', 6, 19, '', 'the direction control U+202E is not allowed: it makes text show in another order than it is written; delete it'),
    ],
    'name-bidi-override-escaped.yaml': [
        ('error', 'catalog/services/town/bidi-escaped.yaml', 6, 12, 'name.mk', 'the direction control U+202E is not allowed: it makes text show in another order than it is written; delete it (it is written as an escape in quotes)'),
    ],
    'name-control-escaped.yaml': [
        ('error', 'catalog/services/town/control-escaped.yaml', 6, 12, 'name.mk', 'the invisible character U+001B is not allowed in YAML; delete it (such characters often come with text copied from another program) (it is written as an escape in quotes)'),
    ],
}


def test_every_fixture_has_an_expectation_and_back() -> None:
    on_disk = {p.name for p in INVALID.iterdir() if p.is_file()}
    assert not on_disk & set(GENERATED), "a generated case shadows a file"
    assert sorted(on_disk | set(GENERATED)) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_file(name: str, tmp_path: Path) -> None:
    assert _run_fixture(name, tmp_path) == EXPECTED[name]


def test_every_context_file_is_used() -> None:
    used = {what for name in EXPECTED if name not in GENERATED for how, what in _header(INVALID / name)[1] if how == "with"}
    assert used == {f"context/{p.name}" for p in CONTEXT.iterdir()}


def test_every_fixture_breaks_one_rule() -> None:
    """Every case is an error, so the catalogue it joins is invalid; the warning cases give warnings only."""
    for name, problems in EXPECTED.items():
        assert problems, name
        if name in WARNING_CASES:
            assert all(p[0] == "warning" for p in problems), name
        else:
            assert any(p[0] == "error" for p in problems), name


@pytest.mark.parametrize("name", sorted(PR_ERROR_CASES))
def test_pull_request_check_refuses_what_must_not_be_published(name: str, tmp_path: Path) -> None:
    """The same problems, located the same, are errors in the pull request: such a file cannot be merged."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    _place(name, root)
    result = validate_catalog(root, pr=True)
    assert [(p.file, p.line, p.column, p.field, p.message) for p in result.errors] == [problem[1:] for problem in EXPECTED[name]]
    assert result.catalog is None


def test_pull_request_mode_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    _place("placeholder-left.yaml", root)
    assert main(["validate", str(root)]) == 0
    assert "warning: code: 'TODO-UNFINISHED' is a placeholder" in capsys.readouterr().out
    assert main(["validate", str(root), "--pr"]) == 1
    assert "error: code: 'TODO-UNFINISHED' is a placeholder" in capsys.readouterr().out


def test_mini_catalogue_is_clean() -> None:
    result = validate_catalog(MINI)
    assert result.problems == []
    assert result.catalog is not None


def test_sample_catalogue_has_no_errors() -> None:
    if not (PROJECT / "catalog" / "catalog.yaml").is_file():
        pytest.skip("the sample catalogue catalog/catalog.yaml does not exist yet")
    result = validate_catalog(PROJECT)
    assert [p for p in result.errors] == []


def test_negative_fee_line_as_editors_read_it(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    _place("fees-amount-negative.yaml", root)
    [problem] = validate_catalog(root).problems
    assert format_text(problem) == "catalog/services/town/fee-negative.yaml:11:13: error: fees[0].amount: -5 is less than the minimum of 0"


def _strings(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, inner in value.items() for found in _strings(inner, path + (key,))]
    if isinstance(value, list):
        return [found for index, inner in enumerate(value) for found in _strings(inner, path + (index,))]
    return []


def test_scaffold_placeholders_are_warned_field_by_field(mini_root: Path) -> None:
    """A fresh `catalog new` file is valid but unfinished: one located warning per placeholder, none missed."""
    path = scaffold.create(mini_root, "town", "Издавање пасош")
    text = path.read_text(encoding="utf-8")
    assert PLACEHOLDER in text, "the scaffold no longer writes validate.PLACEHOLDER: make both use the one constant"
    placed = [describe(where) for where, value in _strings(yaml.safe_load(text)) if PLACEHOLDER in value]
    assert {"code", "summary.mk", "description.mk"} <= set(placed)
    result = validate_catalog(mini_root)
    assert result.errors == []
    warned = [p for p in result.problems if p.rule == "placeholder"]
    assert sorted(p.field for p in warned) == sorted(placed)
    lines = text.splitlines()
    for problem in warned:
        assert problem.severity == "warning" and problem.file == "catalog/services/town/izdavanje-pasos.yaml"
        assert PLACEHOLDER in lines[problem.line - 1][problem.column - 1 :], problem  # points at the value itself
        assert "is a placeholder left by `catalog new`; write the " in problem.message
    code = next(p for p in warned if p.field == "code")
    assert code.message.endswith("write the catalogue code: The service's code in the national register of services, or another code unique in this catalogue")


def test_withdrawn_without_successor_is_valid_and_documented(mini_root: Path) -> None:
    """A service can be abolished with nothing in its place: allowed, and the schema says so to editors."""
    path = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "status: withdrawn\n", encoding="utf-8")
    result = validate_catalog(mini_root)
    assert result.problems == []
    assert result.catalog is not None and "replaced_by" not in result.catalog.services["residence"].data
    properties = json.loads((PROJECT / "schema" / "service.schema.json").read_text(encoding="utf-8"))["properties"]
    assert "abolished without a successor" in properties["status"]["description"]
    assert "abolished without a successor" in properties["replaced_by"]["description"]


def test_separator_and_script_messages_in_the_editors_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    _place("fees-amount-thousands-dot.yaml", root)
    _place("translation-wrong-script.yaml", root)
    assert main(["validate", str(root), "--pr", "--lang", "mk"]) == 1
    out = capsys.readouterr().out
    assert "fee-dot.yaml:11:13: error: fees[0].amount: 1.500 се чита како бројот 1.5, а не 1500" in out
    assert "wrong-script.yaml:6:43: error: summary.sq: не е преведено на 'sq'" in out
    assert main(["validate", str(root), "--lang", "sq"]) == 0
    assert "1.500 lexohet si numri 1.5, jo 1500" in capsys.readouterr().out
