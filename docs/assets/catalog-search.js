/* The catalogue's search, run as Material's search worker (overrides/main.html names it in
   `config.search`); Material's search box, dialog, keyboard handling and result list stay.

   It speaks Material's worker messages: SETUP {config, docs} -> READY, QUERY text -> RESULT
   {items, suggest}. `config` holds the page language's rules from catalog/ui/<lang>.yaml:
   stop words, how its letters are written in Latin script, spellings of one letter, and the
   labels of the kinds of result. Nothing here knows a language.

   - Every word of the query must match a page, except words that don't count alone (stop words,
     ignored when the query has other words). Only when no page matches every word are pages
     matching most words shown, their missing words struck through by Material.
   - Words match whole, as the beginning of a longer word (still typing), as an inflected form
     (a shared stem), or with one typo in a word of five or more letters.
   - Services come first unless a page of another kind answers better; institutions, life events
     and categories carry their kind as a tag; withdrawn services come last, with their replacement.
   - Index text is plain text: everything shown is escaped here, because Material inserts the
     result's title, text and tags as HTML. Runs in a Worker, or in Material's iframe shim on file://. */
(function () {
  "use strict"
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  var WORD = /[\p{L}\p{N}]+/gu
  var MARKS = /\p{M}+/gu
  var FIELDS = [["title", 10], ["keywords", 8], ["text", 3], ["context", 2]]
  var index = null

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key) }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&#34;", "'": "&#39;" }[c]
    })
  }

  /* One spelling for every way of writing a word: lower case, the language's letters in Latin
     script, accents dropped (š -> s, ë -> e, ǵ -> g), spellings of one letter read as one (sh -> s). */
  var foldCache = new Map() // a catalogue repeats its words: each is folded once
  function fold(word, rules) {
    var known = foldCache.get(word)
    if (known !== undefined) return known
    var out = ""
    for (var ch of word.toLowerCase().normalize("NFC")) out += has(rules.letters, ch) ? rules.letters[ch] : ch
    out = out.normalize("NFD").replace(MARKS, "")
    for (var i = 0; i < rules.spellings.length; i++) out = out.split(rules.spellings[i][0]).join(rules.spellings[i][1])
    foldCache.set(word, out)
    return out
  }

  function words(text) { return String(text || "").match(WORD) || [] }

  /* True when a and b differ by at most one letter added, dropped, changed or two swapped. */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false
    var i = 0
    while (i < a.length && i < b.length && a[i] === b[i]) i++
    if (a.length === b.length)
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
  }

  function sharedPrefix(a, b) {
    var i = 0
    while (i < a.length && i < b.length && a[i] === b[i]) i++
    return i
  }

  /* How well a query word matches a word of the index, 0 when not at all. */
  function quality(term, token) {
    if (term === token) return 1
    if (token.length > term.length && token.startsWith(term)) return 0.6 + 0.25 * term.length / token.length
    if (token.length >= 4 && term.startsWith(token) && term.length - token.length <= 3) return 0.7
    var p = sharedPrefix(term, token)
    if (p >= 5 && p >= term.length - 2) return 0.55 + 0.1 * p / Math.max(term.length, token.length)
    if (term.length < 5) return 0
    if (oneEdit(term, token)) return 0.6
    if (token.length > term.length && (oneEdit(term, token.slice(0, term.length)) || oneEdit(term, token.slice(0, term.length + 1)))) return 0.45
    return 0
  }

  function setup(data) {
    var config = data.config || {}
    var rules = { letters: config.letters || {}, spellings: config.spellings || [] }
    foldCache.clear()
    var postings = new Map()
    var docs = data.docs || []
    docs.forEach(function (doc, n) {
      doc.fields = {}
      FIELDS.forEach(function (field) {
        var value = doc[field[0]]
        var text = Array.isArray(value) ? value.join(" ") : value
        var folded = words(text).map(function (w) { return fold(w, rules) }).filter(Boolean)
        doc.fields[field[0]] = folded
        folded.forEach(function (token) {
          var list = postings.get(token)
          if (!list) postings.set(token, list = new Map())
          list.set(n, Math.max(list.get(n) || 0, field[1]))
        })
      })
    })
    index = {
      rules: rules,
      stop: new Set((config.stop_words || []).map(function (w) { return fold(w, rules) })),
      labels: config.labels || {},
      docs: docs,
      postings: postings
    }
  }

  /* Each query word's matching index words, with their quality. */
  function matchTerm(term) {
    var found = new Map()
    index.postings.forEach(function (_, token) {
      var q = quality(term, token)
      if (q > 0) found.set(token, q)
    })
    return found
  }

  function highlight(value, matches) {
    var text = String(value), out = "", last = 0
    var rules = index.rules
    text.replace(WORD, function (word, offset) {
      out += escapeHtml(text.slice(last, offset))
      var folded = fold(word, rules)
      var hit = matches.some(function (m) { return m.has(folded) })
      out += hit ? "<mark>" + escapeHtml(word) + "</mark>" : escapeHtml(word)
      last = offset + word.length
      return word
    })
    return out + escapeHtml(text.slice(last))
  }

  function search(query) {
    var raw = words(query)
    var terms = raw.map(function (w) { return { raw: w, folded: fold(w, index.rules) } }).filter(function (t) { return t.folded })
    var wanted = terms.filter(function (t) { return !index.stop.has(t.folded) })
    if (!wanted.length) wanted = terms
    if (!wanted.length) return { items: [] }

    var matches = wanted.map(function (t) { return matchTerm(t.folded) })
    var found = new Map() // doc number -> {count, score, hits}
    matches.forEach(function (tokens, k) {
      var best = new Map()
      tokens.forEach(function (q, token) {
        index.postings.get(token).forEach(function (weight, n) {
          best.set(n, Math.max(best.get(n) || 0, q * weight))
        })
      })
      best.forEach(function (score, n) {
        var entry = found.get(n) || { count: 0, score: 0, hits: wanted.map(function () { return false }) }
        entry.count++
        entry.score += score
        entry.hits[k] = true
        found.set(n, entry)
      })
    })
    var most = 0
    found.forEach(function (entry) { most = Math.max(most, entry.count) })
    var ranked = []
    found.forEach(function (entry, n) {
      if (entry.count < most) return
      var doc = index.docs[n]
      // A title made only of the query's words is the one the citizen named.
      var title = doc.fields.title
      var covered = title.filter(function (token) { return matches.some(function (m) { return m.has(token) }) }).length
      var score = entry.score + (title.length ? 6 * covered / title.length : 0)
      ranked.push({ n: n, doc: doc, score: score, hits: entry.hits })
    })
    ranked.sort(function (a, b) { return b.score - a.score || a.n - b.n })

    // Kinds apart: each kind's results together, the kind with the best answer first; withdrawn last.
    var kinds = []
    ranked.forEach(function (r) {
      var kind = r.doc.withdrawn ? "~withdrawn" : r.doc.kind || "service"
      if (kinds.indexOf(kind) < 0 && kind !== "~withdrawn") kinds.push(kind)
    })
    kinds.push("~withdrawn")
    var ordered = []
    kinds.forEach(function (kind) {
      ranked.forEach(function (r) {
        if ((r.doc.withdrawn ? "~withdrawn" : r.doc.kind || "service") === kind) ordered.push(r)
      })
    })

    var labels = index.labels
    var items = ordered.slice(0, 100).map(function (r, i) {
      var doc = r.doc
      var tags = []
      if (doc.kind && labels[doc.kind]) tags.push(escapeHtml(labels[doc.kind]))
      var text = highlight(doc.text || "", matches)
      if (doc.withdrawn) {
        if (labels.withdrawn) tags.push(escapeHtml(labels.withdrawn))
        if (doc.replaced_by && labels.replaced_by)
          text = escapeHtml(labels.replaced_by).replace("{name}", function () { return "<strong>" + escapeHtml(doc.replaced_by) + "</strong>" })
      }
      var shownTerms = {}
      wanted.forEach(function (t, k) { shownTerms[t.raw] = r.hits[k] })
      var item = {
        location: doc.location,
        title: highlight(doc.title, matches),
        text: text ? "<p>" + text + "</p>" : "",
        score: ordered.length - i,
        terms: shownTerms
      }
      if (tags.length) item.tags = tags
      return [item]
    })
    return { items: items, suggest: suggestion(raw, ordered[0]) }
  }

  /* Material's ghost completion of the word being typed, from the best result's own words. */
  function suggestion(raw, best) {
    if (!best || !raw.length) return []
    var typed = raw[raw.length - 1]
    var lower = typed.toLowerCase()
    var pool = words(best.doc.title).concat(words([].concat(best.doc.keywords || []).join(" ")))
    for (var i = 0; i < pool.length; i++) {
      var w = pool[i]
      if (w.length > typed.length && w.toLowerCase().startsWith(lower)) return [typed + w.slice(typed.length).toLowerCase()]
    }
    return []
  }

  self.addEventListener("message", function (ev) {
    var message = ev.data
    if (message.type === SETUP) {
      setup(message.data)
      self.postMessage({ type: READY })
    } else if (message.type === QUERY && index) {
      self.postMessage({ type: RESULT, data: search(message.data || "") })
    }
  })
})()
