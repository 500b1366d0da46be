// The canonical layout of a catalogue file: the JavaScript twin of servicecatalog/editors/yamlfmt.py.
// The web editor saves with it, so a saved form is byte for byte what `catalog fmt` writes and a
// changed fee changes only that fee's lines. A test runs both on every sample file; change both together.
(function (root) {
  'use strict';

  var SPECIAL_WORDS = /^(y|n|yes|no|true|false|on|off|null|~|=|<<)$/i;
  var NUMBER_LIKE = /^[-+]?(0b[0-1_]+|0o?[0-7_]+|0x[0-9a-f_]+|[0-9][0-9_]*(:[0-5]?[0-9])*(\.[0-9_]*)?(e[-+]?[0-9]+)?|\.[0-9_]+(e[-+]?[0-9]+)?|\.(inf|nan))$/i;
  var DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
  var INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
  var UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
  var UNPRINTABLE_ALL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/g;

  function plainOk(text) {
    if (!text || text !== text.trim() || text.indexOf('\n') >= 0 || text.indexOf('\t') >= 0 || UNPRINTABLE.test(text)) return false;
    if (INDICATORS.indexOf(text[0]) >= 0 || text.indexOf(': ') >= 0 || text.indexOf(' #') >= 0 || text[text.length - 1] === ':') return false;
    return !(SPECIAL_WORDS.test(text) || NUMBER_LIKE.test(text) || DATE_LIKE.test(text));
  }

  function quoted(text) {
    return JSON.stringify(text).replace(UNPRINTABLE_ALL, function (c) {
      return '\\u' + ('0000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function blockOk(text) {
    if (text.indexOf('\n') < 0 || text.indexOf('\r') >= 0 || text.indexOf('\t') >= 0 || UNPRINTABLE.test(text)) return false;
    if (text[0] === ' ' || text[0] === '\n' || /\n\n$/.test(text)) return false;
    return text.split('\n').every(function (line) { return line[line.length - 1] !== ' '; });
  }

  function scalar(value) {
    if (value === null || value === undefined) return 'null';
    if (value === true) return 'true';
    if (value === false) return 'false';
    if (typeof value === 'number') return String(value);
    var text = String(value);
    return plainOk(text) ? text : quoted(text);
  }

  function isMap(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }

  function ordered(mapping, order) {
    var keys = Object.keys(mapping);
    var known = ((order && order.keys) || []).filter(function (k) { return keys.indexOf(k) >= 0; });
    return known.concat(keys.filter(function (k) { return known.indexOf(k) < 0; }));
  }

  function child(order, key) {
    if (!order) return null;
    return (order.children && order.children[key]) || order.values || null;
  }

  function spaces(n) { return new Array(n + 1).join(' '); }

  function valueLines(prefix, value, order, indent) {
    var pad = spaces(indent);
    if (isMap(value) && Object.keys(value).length) return [pad + prefix].concat(mappingLines(value, order, indent + 2));
    if (Array.isArray(value) && value.length) return [pad + prefix].concat(sequenceLines(value, order, indent + 2));
    if (isMap(value)) return [pad + prefix + ' {}'];
    if (Array.isArray(value)) return [pad + prefix + ' []'];
    if (typeof value === 'string' && blockOk(value)) {
      var body = value.replace(/\n$/, '');
      var inner = spaces(indent + 2);
      return [pad + prefix + ' ' + (/\n$/.test(value) ? '|' : '|-')].concat(
        body.split('\n').map(function (line) { return line ? inner + line : ''; }));
    }
    return [pad + prefix + ' ' + scalar(value)];
  }

  function mappingLines(mapping, order, indent) {
    var lines = [];
    ordered(mapping, order).forEach(function (key) {
      lines = lines.concat(valueLines(scalar(key) + ':', mapping[key], child(order, key), indent));
    });
    return lines;
  }

  function sequenceLines(items, order, indent) {
    var lines = [];
    var itemOrder = order ? order.items : null;
    var pad = spaces(indent);
    items.forEach(function (item) {
      if (isMap(item) && Object.keys(item).length) {
        var inner = mappingLines(item, itemOrder, indent + 2);
        lines.push(pad + '- ' + inner[0].slice(indent + 2));
        lines = lines.concat(inner.slice(1));
      } else {
        lines = lines.concat(valueLines('-', item, itemOrder, indent));
      }
    });
    return lines;
  }

  function dump(data, order) {
    if (isMap(data) && Object.keys(data).length) return mappingLines(data, order, 0).join('\n') + '\n';
    return valueLines('', data, order, 0).join('\n').replace(/^\s+/, '') + '\n';
  }

  // What a form holds that a person would not write: empty texts, empty groups of fields, unset
  // values. An empty list stays only where it means something (`fees: []`: the service is free).
  function prune(value, keepEmpty, top) {
    if (Array.isArray(value)) {
      return value.map(function (v) { return prune(v, [], false); }).filter(function (v) { return v !== undefined; });
    }
    if (isMap(value)) {
      var out = {};
      Object.keys(value).forEach(function (key) {
        var v = prune(value[key], [], false);
        if (v === undefined) return;
        if (Array.isArray(v) && !v.length && !(top && keepEmpty.indexOf(key) >= 0)) return;
        out[key] = v;
      });
      return Object.keys(out).length || top ? out : undefined;
    }
    if (value === null || value === undefined || value === '') return undefined;
    if (typeof value === 'number' && !isFinite(value)) return undefined;
    if (typeof value === 'string') return value.replace(/\r\n?/g, '\n');
    return value;
  }

  var api = { plainOk: plainOk, dump: dump, prune: prune };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.CatalogFormat = api;
})(this);
