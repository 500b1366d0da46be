// Measurements of a rendered page for the browser tests (tests/test_citizen_pages.py).
// Colour contrast is computed from the rendered colours (WCAG 2.1 relative luminance), not taken
// from axe, which reports text over unusual backgrounds only as "needs review".
(() => {
  const parse = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/)
    if (!m) return null
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number)
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]
  }
  const over = (top, bottom) => {
    const a = top[3]
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1])
  }
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
    })
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
    return (x + 0.05) / (y + 0.05)
  }
  // The opaque colour behind an element: its own and its ancestors' backgrounds, composited.
  const background = (el, own = true) => {
    const layers = []
    for (let node = own ? el : el.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node)
      const colour = parse(style.backgroundColor)
      if (colour && colour[3] > 0) layers.push(colour)
      if (colour && colour[3] === 1) break
    }
    let result = [255, 255, 255, 1]
    for (const layer of layers.reverse()) result = over(layer, result)
    return result
  }
  const visible = (el) => {
    const rect = el.getBoundingClientRect()
    if (rect.width <= 1 || rect.height <= 1) return false
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node)
      if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) return false
      if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") return false
    }
    return true
  }
  const describe = (el) => {
    const id = el.id ? "#" + el.id : ""
    const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : ""
    return el.tagName.toLowerCase() + id + cls + " " + JSON.stringify((el.textContent || "").trim().slice(0, 40))
  }

  // Every visible text: at least 4.5:1 (3:1 when large: 24px, or 18.66px bold).
  window.scTextContrast = () => {
    const failures = []
    const seen = new Set()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const el = text.parentElement
      if (!el || seen.has(el) || !text.textContent.trim()) continue
      seen.add(el)
      if (el.closest("script, style, noscript, [hidden], .md-search__output, .md-sidebar--primary")) continue
      if (!visible(el)) continue
      const style = getComputedStyle(el)
      const svgText = el instanceof SVGElement
      const fg = parse(svgText ? style.fill : style.color)
      if (!fg) continue
      // a chart paints its own panel (its first rect) behind its text
      const panel = svgText ? el.ownerSVGElement.querySelector(":scope > rect") : null
      const panelFill = panel ? parse(getComputedStyle(panel).fill) : null
      const bg = svgText ? (panelFill || background(el.ownerSVGElement.parentElement)) : background(el)
      const size = parseFloat(style.fontSize)
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
      const needed = large ? 3 : 4.5
      const found = ratio(over(fg, bg), bg)
      if (found < needed) failures.push(`${describe(el)}: ${found.toFixed(2)}:1 < ${needed}:1`)
    }
    return failures
  }

  // Buttons: their edge (border, or their own background) at least 3:1 against what is around them,
  // and their text 4.5:1 (counted by scTextContrast).
  window.scButtonContrast = () => {
    const failures = []
    for (const el of document.querySelectorAll(".md-button, button, input[type=search], .sc-action")) {
      if (!visible(el)) continue
      const style = getComputedStyle(el)
      const around = background(el, false)
      const fill = parse(style.backgroundColor)
      const border = parse(style.borderTopColor)
      const edges = []
      if (parseFloat(style.borderTopWidth) > 0 && border && border[3] > 0) edges.push(ratio(over(border, around), around))
      if (fill && fill[3] > 0) edges.push(ratio(over(fill, around), around))
      if (!edges.length) continue // a plain icon button: its icon is checked as text is not; it has no edge to see
      const best = Math.max(...edges)
      if (best < 3) failures.push(`${describe(el)}: edge ${best.toFixed(2)}:1 < 3:1`)
    }
    return failures
  }

  // The focus ring of the focused element: an outline (or box-shadow) at least 3:1 against the page.
  window.scFocusRing = () => {
    let el = document.activeElement
    if (!el || el === document.body) return "nothing focused"
    // a visually hidden radio or checkbox shows its focus on the label that follows it
    if (!visible(el) && el.nextElementSibling && el.nextElementSibling.tagName === "LABEL" && visible(el.nextElementSibling)) el = el.nextElementSibling
    const style = getComputedStyle(el)
    const around = background(el, false)
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) {
      const colour = parse(style.outlineColor)
      const found = ratio(over(colour, around), around)
      return found >= 3 ? null : `${describe(el)}: focus ring ${found.toFixed(2)}:1 < 3:1`
    }
    return `${describe(el)}: no focus ring (outline ${style.outlineStyle} ${style.outlineWidth})`
  }

  // Sideways scrolling, and header text cut off (by an ellipsis or the edge of the screen).
  window.scReflow = () => {
    const problems = []
    const root = document.documentElement
    if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`)
    for (const el of document.querySelectorAll(".md-header *, .sc-a11y *")) {
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) || !visible(el)) continue
      if (el.closest(".md-search, .md-header__topic + .md-header__topic")) continue
      const rect = el.getBoundingClientRect()
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") problems.push(`${describe(el)} is cut off`)
      if (rect.right > root.clientWidth + 1 || rect.left < -1) problems.push(`${describe(el)} is off the screen`)
    }
    return problems
  }

  // Chart text as rendered: the SVG's font size times its scale on screen.
  window.scChartText = () => {
    const small = []
    for (const text of document.querySelectorAll("svg text")) {
      if (!visible(text)) continue
      const svg = text.ownerSVGElement
      const scale = svg.getScreenCTM() ? svg.getScreenCTM().a : 1
      const size = parseFloat(getComputedStyle(text).fontSize) * scale
      if (size < 12) small.push(`${JSON.stringify(text.textContent.slice(0, 30))}: ${size.toFixed(1)}px`)
    }
    return small
  }
})()
