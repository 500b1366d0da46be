/* Text size and high contrast: kept across pages in localStorage, works from file:// too. */
(function () {
  var SIZES = ["1", "2", "3", "4"] // 100 %, 125 %, 150 %, 175 %
  var PERCENT = { "1": 100, "2": 125, "3": 150, "4": 175 }
  var root = document.documentElement
  var status = document.querySelector("[data-sc-status]")
  var contrast = document.querySelector("[data-sc-contrast-toggle]")
  if (!status || !contrast) return

  function store(key, value) {
    try { value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value) } catch (error) {}
  }
  function currentSize() {
    return root.getAttribute("data-sc-size") || "1"
  }
  var pending = null
  function announce(text) {
    // Empty first, then fill, so screen readers announce a repeated text again;
    // a newer announcement cancels an older one still waiting.
    window.clearTimeout(pending)
    status.textContent = ""
    pending = window.setTimeout(function () { status.textContent = text }, 50)
  }
  function showContrast() {
    var on = root.getAttribute("data-sc-contrast") === "high"
    contrast.setAttribute("aria-pressed", on ? "true" : "false")
    return on
  }

  document.querySelectorAll("[data-sc-size-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = parseInt(button.getAttribute("data-sc-size-step"), 10)
      var index = step === 0 ? 0 : Math.min(SIZES.length - 1, Math.max(0, SIZES.indexOf(currentSize()) + step))
      var size = SIZES[index]
      if (size === "1") root.removeAttribute("data-sc-size")
      else root.setAttribute("data-sc-size", size)
      store("sc-text-size", size === "1" ? null : size)
      announce(status.getAttribute("data-sc-size-text").replace("{percent}", PERCENT[size]))
    })
  })
  contrast.addEventListener("click", function () {
    var on = root.getAttribute("data-sc-contrast") !== "high"
    if (on) root.setAttribute("data-sc-contrast", "high")
    else root.removeAttribute("data-sc-contrast")
    store("sc-contrast", on ? "high" : null)
    showContrast()
    announce(status.getAttribute(on ? "data-sc-contrast-on" : "data-sc-contrast-off"))
  })
  showContrast()
})()

/* Search as soon as text arrives without a key press: pasted from a menu, dictated, filled in by
   the browser, or restored by the back button. Material reads its search box on keyup only, so an
   `input` (and a page shown again with text in the box) is passed on as a keyup; Material ignores
   a value it has already searched. */
;(function () {
  var box = document.querySelector("[data-md-component=search-query]")
  if (!box) return
  function search() { box.dispatchEvent(new KeyboardEvent("keyup")) }
  box.addEventListener("input", search)
  window.addEventListener("pageshow", function () { if (box.value) search() })
})()
