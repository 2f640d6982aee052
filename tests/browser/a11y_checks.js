// Checks axe-core cannot make, run in the page by tests/browser/a11y_checks.py. The file
// is one expression: an object of three functions, each returning what it found.
(() => {

  const parseColour = (text) => {
    const m = /rgba?\(([^)]*)\)/.exec(text || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  // The colour an element is drawn on: its ancestors' backgrounds, composited.
  const backgroundBehind = (element) => {
    const layers = [];
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = parseColour(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a >= 1) break;
      }
    }
    let result = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const describe = (element) => {
    const name = (element.getAttribute("aria-label") || element.textContent || element.name || element.id || "")
      .trim().replace(/\s+/g, " ").slice(0, 40);
    const classes = element.classList.length ? "." + [...element.classList].slice(0, 3).join(".") : "";
    return `<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}${classes}> "${name}"`;
  };
  const visible = (element) => {
    if (!element.getClientRects().length) return false;
    const style = getComputedStyle(element);
    return style.visibility !== "hidden" && style.display !== "none";
  };

  // Focus every control in turn (or only the focused one) and measure its indicator.
  const focus = (args) => {
  const [minContrast, minWidth, activeOnly] = args;
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const shadows = (text) => (!text || text === "none") ? [] :
    text.split(/,(?![^(]*\))/).map((part) => {
      const colour = parseColour(part);
      const lengths = part.replace(/rgba?\([^)]*\)/, "").trim().split(/\s+/)
        .filter((t) => t.endsWith("px")).map(parseFloat);
      return {colour, inset: /inset/.test(part), spread: lengths[3] || 0, blur: lengths[2] || 0};
    });
  const snapshot = (style) => ({
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor} offset ${style.outlineOffset}` : "none",
    outlineColour: parseColour(style.outlineColor),
    outlineWidth: style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0,
    shadow: style.boxShadow,
  });
  const problems = [];
  const measurements = [];
  const indicators = new Map();
  const before = document.activeElement;
  const elements = activeOnly ? [document.activeElement] : document.querySelectorAll(selector);
  for (const element of elements) {
    if (!element || element === document.body) continue;
    if (element.disabled || !visible(element) || element.closest("[inert], [aria-hidden='true']")) continue;
    if (document.activeElement === element) element.blur();
    const unfocused = snapshot(getComputedStyle(element));
    element.focus({preventScroll: true, focusVisible: true});
    if (document.activeElement !== element) continue;  // not focusable after all
    if (!element.matches(":focus-visible")) {
      problems.push(`${describe(element)} takes focus without :focus-visible, so its indicator cannot be measured`);
      continue;
    }
    const focused = snapshot(getComputedStyle(element));
    const background = backgroundBehind(element);
    const parts = [];
    if (focused.outlineWidth > 0 && focused.outline !== unfocused.outline && focused.outlineColour) {
      parts.push({what: "outline", colour: focused.outlineColour, width: focused.outlineWidth});
    }
    if (focused.shadow !== unfocused.shadow) {
      for (const shadow of shadows(focused.shadow)) {
        if (shadow.colour && !shadow.inset && shadow.spread > 0) {
          parts.push({what: "box-shadow", colour: shadow.colour, width: shadow.spread});
        }
      }
    }
    const measured = parts.map((part) => {
      const drawn = over(part.colour, background);
      return {what: part.what, width: part.width, colour: hex(drawn), ratio: contrast(drawn, background)};
    });
    const good = measured.some((part) => part.width >= minWidth && part.ratio >= minContrast);
    const indicator = `${focused.outline} / ${focused.shadow}`;
    measurements.push({element: describe(element), background: hex(background), parts: measured, good, indicator});
    if (!good) {
      const found = measured.length ? measured.map((part) =>
        `${part.what} ${part.width}px ${part.colour} is ${part.ratio.toFixed(2)}:1`).join(", ") : "nothing drawn";
      problems.push(`focus on ${describe(element)} over ${hex(background)}: ${found}; `
        + `no part ${minWidth}px or wider reaches ${minContrast}:1`);
    }
    if (!indicators.has(indicator)) indicators.set(indicator, describe(element));
  }
  if (!activeOnly) {
    if (before && before !== document.body && before.focus) before.focus({preventScroll: true});
    else if (document.activeElement) document.activeElement.blur();
  }
  if (indicators.size > 1) {
    problems.push("focus looks different on different controls: "
      + [...indicators].map(([key, example]) => `${key} (e.g. ${example})`).join(" | "));
  }
  return {problems, measurements};
};

  // Text boxes, selects, and checkboxes or radios the page draws itself: their borders.
  const borders = (minContrast) => {
  const problems = [];
  const selector = 'input:not([type="hidden"]):not([type="submit"]):not([type="button"]):not([type="reset"]):not([type="image"]):not([type="range"]), select, textarea';
  for (const element of document.querySelectorAll(selector)) {
    if (!visible(element) || element === document.activeElement) continue;
    const style = getComputedStyle(element);
    const choice = element.type === "checkbox" || element.type === "radio";
    // The browser's own checkboxes and radios are drawn at over 4.5:1; only ones the
    // page styles itself (appearance: none) are measured.
    if (choice && style.appearance !== "none") continue;
    const width = parseFloat(style.borderTopWidth);
    const colour = parseColour(style.borderTopColor);
    const background = backgroundBehind(element);
    if (!width || style.borderTopStyle === "none" || !colour) {
      problems.push(`${describe(element)} has no border to show where it is`);
      continue;
    }
    const ratio = contrast(over(colour, background), background);
    if (ratio < minContrast) {
      problems.push(`border of ${describe(element)} is ${hex(over(colour, background))} on `
        + `${hex(background)}: ${ratio.toFixed(2)}:1, under ${minContrast}:1`);
    }
  }
  return problems;
};

  // At the page's width, does anything scroll sideways, and what sticks out.
  const width = () => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return [];
  // The outermost elements that stick out, outside any box that scrolls them itself.
  const scrolls = (node) => /(auto|scroll|hidden|clip)/.test(getComputedStyle(node).overflowX);
  const culprits = [];
  for (const element of document.body.querySelectorAll("*")) {
    const rect = element.getBoundingClientRect();
    if (rect.right <= width + 0.5 || !rect.width) continue;
    // An absolutely positioned box (a visually-hidden label, say) is clipped only by a
    // scrolling box that is positioned itself: follow the containing blocks, not the tree.
    const up = (node) => /^(absolute|fixed)$/.test(getComputedStyle(node).position)
      ? node.offsetParent : node.parentElement;
    let contained = false, parentSticksOut = false;
    for (let node = up(element); node && node !== document.body; node = up(node)) {
      if (scrolls(node)) { contained = true; break; }
      if (node.getBoundingClientRect().right > width + 0.5) parentSticksOut = true;
    }
    if (contained || parentSticksOut) continue;
    const classes = element.classList.length ? "." + [...element.classList].join(".") : "";
    culprits.push(`<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}${classes}> to ${Math.round(rect.right)} px`);
    if (culprits.length >= 5) break;
  }
  return [`${scrollWidth} px wide at ${width} px: ${culprits.join(", ") || "no single element found"}`];
};

  return {focus, borders, width};
})()
