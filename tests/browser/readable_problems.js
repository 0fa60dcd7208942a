() => {
  // Text under 14 px, and blocks of text side by side (not one column): sentences, none when all
  // is well (tests/browser/test_email_fit.py evaluates this in an email).
  const problems = [];
  const blocks = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    if (size < 14) problems.push(`${size} px text: "${el.textContent.trim().slice(0, 40)}"`);
    if (style.display !== "inline") blocks.push([el, el.getBoundingClientRect()]);
  }
  // One column: no two blocks of text side by side.
  blocks.forEach(([el, box], i) => {
    for (const [other, next] of blocks.slice(i + 1)) {
      if (el.contains(other) || other.contains(el)) continue;
      const level = box.top < next.bottom - 2 && next.top < box.bottom - 2;
      if (level && (box.right <= next.left + 1 || next.right <= box.left + 1)) {
        problems.push(`side by side: "${el.textContent.trim().slice(0, 30)}" | "${other.textContent.trim().slice(0, 30)}"`);
      }
    }
  });
  return problems;
}
