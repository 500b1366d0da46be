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

  function idWidget(CMS, settings) {
    var h = root.h, createClass = root.createClass;
    var Control = createClass({
      sync: function () {
        var entry = this.props.entry;
        if (!entry || !entry.get('newRecord')) return;  // a published id never changes by itself
        var source = String(this.props.field.get('source') || '').split('.');
        var slug = slugify(entry.getIn(['data'].concat(source)), settings.transliteration, settings.max_slug);
        var value = this.props.value || '';
        if (slug && (value === '' || value === this.auto) && value !== slug) {
          this.auto = slug;
          this.props.onChange(slug);
        }
      },
      componentDidMount: function () { this.sync(); },
      componentDidUpdate: function () { this.sync(); },
      render: function () {
        var self = this;
        return h('input', {
          type: 'text', id: this.props.forID, className: this.props.classNameWrapper,
          value: this.props.value || '', readOnly: !this.props.entry.get('newRecord'),
          onChange: function (event) { self.auto = null; self.props.onChange(event.target.value); },
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
        });
      },
    });
    var Preview = createClass({ render: function () { return h('code', {}, this.props.value || ''); } });
    CMS.registerWidget('catalog-id', Control, Preview);
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
    idWidget(CMS, settings);
    config.load_config_file = false;
    CMS.init({ config: config });
  }

  root.CatalogSlugify = slugify;
  root.addEventListener('DOMContentLoaded', function () {
    fetch('config.yml', { cache: 'no-cache' }).then(function (response) { return response.text(); })
      .then(function (text) { start(root.CMS, text); });
  });
})(this);
