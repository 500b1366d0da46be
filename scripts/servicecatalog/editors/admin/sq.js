// Albanian words of the editor's interface (Decap ships none); what is not here shows in English.
(function (root) {
  'use strict';
  root.CatalogLocales = root.CatalogLocales || {};
  root.CatalogLocales.sq = {
    auth: { login: 'Hyr', loggingIn: 'Duke hyrë...', loginWithGitHub: 'Hyr me GitHub' },
    app: {
      header: { content: 'Përmbajtja', workflow: 'Rrjedha e punës', media: 'Media', quickAdd: 'Shto shpejt' },
      app: { errorHeader: 'Gabim gjatë ngarkimit të konfigurimit', configErrors: 'Gabime në konfigurim',
        checkConfigYml: 'Kontrolloni skedarin config.yml.', loadingConfig: 'Duke ngarkuar konfigurimin...', waitingBackend: 'Duke pritur serverin...' },
      notFoundPage: { header: 'Nuk u gjet' },
    },
    collection: {
      sidebar: { collections: 'Koleksionet', allCollections: 'Të gjitha koleksionet', searchAll: 'Kërko kudo', searchIn: 'Kërko në' },
      collectionTop: { sortBy: 'Rendit sipas', viewAs: 'Shiko si', newButton: '＋ %{collectionLabel}',
        newButtonAriaLabel: 'Krijo %{collectionLabel}', ascending: 'Në rritje', descending: 'Në zbritje',
        searchResults: 'Rezultatet për "%{searchTerm}"', filterBy: 'Filtro sipas', groupBy: 'Grupo sipas' },
      entries: { loadingEntries: 'Duke ngarkuar...', cachingEntries: 'Duke ngarkuar...', noEntries: 'Nuk ka shënime', unpublishedHeader: 'Të papublikuara' },
      groups: { other: 'Të tjera', negateLabel: 'Jo %{label}' },
    },
    editor: {
      editorControl: { field: { optional: 'jo e detyrueshme' } },
      editorControlPane: { widget: {
        required: '%{fieldLabel} është e detyrueshme.',
        regexPattern: '%{fieldLabel}: %{pattern}',
        range: '%{fieldLabel} duhet të jetë ndërmjet %{minValue} dhe %{maxValue}.',
        min: '%{fieldLabel} duhet të jetë të paktën %{minValue}.',
        max: '%{fieldLabel} duhet të jetë %{maxValue} ose më pak.',
        rangeCount: '%{fieldLabel} duhet të ketë ndërmjet %{minCount} dhe %{maxCount} elemente.',
        rangeMin: '%{fieldLabel} duhet të ketë të paktën %{minCount} elemente.',
        rangeMax: '%{fieldLabel} duhet të ketë %{maxCount} ose më pak elemente.',
      } },
      editor: {
        onLeavePage: 'Jeni të sigurt që doni të largoheni nga kjo faqe?',
        onUpdatingWithUnsavedChanges: 'Keni ndryshime të paruajtura; ruajini para se të ndryshoni statusin.',
        onPublishingNotReady: 'Vendoseni statusin "Gati" para publikimit.',
        onPublishingWithUnsavedChanges: 'Keni ndryshime të paruajtura; ruajini para publikimit.',
        onPublishing: 'Jeni të sigurt që doni ta publikoni?',
        loadingEntry: 'Duke ngarkuar...',
      },
      editorToolbar: {
        publishing: 'Duke publikuar...', publish: 'Publiko', published: 'Publikuar', publishNow: 'Publiko tani',
        saving: 'Duke ruajtur...', save: 'Ruaj', status: 'Statusi: %{status}', unsavedChanges: 'Ndryshime të paruajtura',
        changesSaved: 'Ndryshimet u ruajtën', draft: 'Draft', inReview: 'Në shqyrtim', ready: 'Gati',
        deleteUnpublishedChanges: 'Fshi ndryshimet e papublikuara', deleteUnpublishedEntry: 'Fshi shënimin e papublikuar',
        backCollection: ' Duke shkruar në %{collectionLabel}',
      },
      editorWidgets: { list: { add: 'Shto %{item}', addType: 'Shto %{item}' }, object: { expand: 'Zgjero', collapse: 'Mbyll' } },
    },
    ui: {
      default: { goBackToSite: 'Kthehu te faqja' },
      settingsDropdown: { logOut: 'Dil' },
      toast: {
        missingRequiredField: 'Mungon një fushë e detyrueshme. Plotësojeni para se ta ruani.',
        entrySaved: 'U ruajt', entryPublished: 'U publikua', onFailToPersist: 'Ruajtja dështoi: %{details}',
      },
    },
    workflow: {
      workflow: { loading: 'Duke ngarkuar...', workflowHeading: 'Rrjedha e punës', newPost: 'E re',
        description: '%{smart_count} shënim pret shqyrtim, %{readyCount} gati për publikim. |||| %{smart_count} shënime presin shqyrtim, %{readyCount} gati për publikim.' },
      workflowList: { draftHeader: 'Drafte', inReviewHeader: 'Në shqyrtim', readyHeader: 'Gati', currentEntries: '%{smart_count} shënim |||| %{smart_count} shënime' },
    },
  };
})(this);
