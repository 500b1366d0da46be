// The catalogue's web editor: reads admin/config.yml (written by `catalog cms-config`), registers the
// file format `catalog fmt` defines, the id field that follows `catalog new`'s slug rule and the
// interface languages, then starts Decap CMS. Everything it loads comes from this folder.
(function (root) {
  'use strict';
  root.CMS_MANUAL_INIT = true;

  function slugify(title, table, max) {
    var words = [];
    (String(title || '').toLowerCase().match(/[\p{L}\p{N}\p{M}_]+/gu) || []).forEach(function (word) {
      var latin = Array.from(word).map(function (c) { return Object.prototype.hasOwnProperty.call(table, c) ? table[c] : c; }).join('');
      var folded = latin.normalize('NFKD').replace(/\p{M}/gu, '');
      words = words.concat(folded.match(/[a-z0-9]+/g) || []);
    });
    var slug = '';
    for (var i = 0; i < words.length; i++) {
      if (slug && slug.length + 1 + words[i].length > max) break;
      slug = slug ? slug + '-' + words[i] : words[i].slice(0, max);
    }
    if (slug && !/^[a-z]/.test(slug)) slug = 'service-' + slug;
    return slug;
  }

  // A new entry's id, when left empty, is made from its name on saving (Decap runs preSave before
  // it names the file and the branch), with the slug rule of `catalog new`.
  function fillId(CMS, settings) {
    CMS.registerEventListener({
      name: 'preSave',
      handler: function (event) {
        var entry = event.entry;
        var source = settings.id_source[entry.get('collection')];
        var data = entry.get('data');
        if (!source || !entry.get('newRecord') || data.get('id')) return data;
        return data.set('id', slugify(data.getIn(source), settings.transliteration, settings.max_slug));
      },
    });
  }

  function start(CMS, text) {
    var config = root.jsyaml.load(text, { schema: root.jsyaml.CORE_SCHEMA });
    var settings = config.catalog;
    delete config.catalog;
    var wanted = new URLSearchParams(root.location.search).get('lang');
    if (wanted && settings.languages.indexOf(wanted) >= 0) config.locale = wanted;
    Object.keys(root.CatalogLocales || {}).forEach(function (code) {
      CMS.registerLocale(code, root.CatalogLocales[code]);
    });
    config.collections.forEach(function (collection) {
      var order = settings.layout[collection.name];
      CMS.registerCustomFormat(collection.format, 'yaml', {
        fromFile: function (content) { return root.jsyaml.load(content, { schema: root.jsyaml.CORE_SCHEMA }) || {}; },
        toFile: function (data) { return root.CatalogFormat.dump(root.CatalogFormat.prune(data, settings.keep_empty, true), order); },
      });
    });
    fillId(CMS, settings);
    config.load_config_file = false;
    CMS.init({ config: config });
  }

  root.CatalogSlugify = slugify;
  root.addEventListener('DOMContentLoaded', function () {
    fetch('config.yml', { cache: 'no-cache' }).then(function (response) { return response.text(); })
      .then(function (text) { start(root.CMS, text); });
  });
})(this);
