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
  return problems;
}
