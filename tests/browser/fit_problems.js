() => {
  // What does not fit, as a person sees it: sentences, none when all is well
  // (tests/browser/test_fit.py evaluates this in the page).
  const problems = [];
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}> "${text.slice(0, 50)}"`;
  };
  // Not shown: display none, visibility hidden, or inside a closed <details>.
  const shown = (el) => el.checkVisibility({visibilityProperty: true});
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${width} px`);
  }
  const controls = document.querySelectorAll(
    "main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary"
  );
  for (const el of controls) {
    if (!shown(el) || el.closest(".visually-hidden, .visually-hidden-focusable, [role=tablist], .nav-tabs")) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (box.right > width + 1 || box.left < -1) {
      problems.push(`off screen (${Math.round(box.left)}–${Math.round(box.right)} px): ${describe(el)}`);
    }
  }
  for (const el of document.querySelectorAll("body *")) {
    if (!shown(el) || el.closest(".visually-hidden, .visually-hidden-focusable, svg, thead.visually-hidden")) continue;
    const style = getComputedStyle(el);
    if (!["hidden", "clip"].includes(style.overflowX) && style.textOverflow !== "ellipsis") continue;
    if (el.clientWidth <= 2 || style.position === "absolute" && style.clip !== "auto") continue;
    if (!el.innerText || !el.innerText.trim()) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text cut off (${el.scrollWidth} px in ${el.clientWidth} px): ${describe(el)}`);
    }
  }
  // The dashboard's timeline picture (SVG, so no scrollWidth): every label whole, inside the
  // picture, clear of the other labels and of today's line.
  const chart = document.querySelector("svg.timeline");
  if (chart && shown(chart)) {
    const frame = chart.getBoundingClientRect();
    const today = chart.querySelector("line.today").getBoundingClientRect();
    const labels = [...chart.querySelectorAll("text.mark-label, text.lane-label, text.tick-label, text.today-label")];
    const boxes = labels.map((el) => [el, el.getBoundingClientRect()]);
    const gutter = chart.querySelector("line.gutter-line").getBoundingClientRect().left;
    for (const [el, box] of boxes) {
      const text = `"${el.textContent.trim()}"`;
      if (el.textContent.includes("…")) problems.push(`timeline label shortened: ${text}`);
      if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
        problems.push(`timeline label cut off by the picture: ${text}`);
      }
      if (el.matches(".lane-label") && box.right > gutter) problems.push(`phase name over the lanes: ${text}`);
      if (el.matches(".mark-label") && box.left < today.right && box.right > today.left) {
        problems.push(`timeline label over today's line: ${text}`);
      }
    }
    const marks = boxes.filter(([el]) => el.matches(".mark-label"));
    marks.forEach(([el, box], i) => {
      for (const [other, next] of marks.slice(i + 1)) {
        if (box.left < next.right - 1 && next.left < box.right - 1 && box.top < next.bottom - 1 && next.top < box.bottom - 1) {
          problems.push(`timeline labels overlap: "${el.textContent.trim()}" and "${other.textContent.trim()}"`);
        }
      }
    });
  }
  return problems;
}
