// Pictures for the demo catalog, drawn as SVG: a product card (a tinted background, a simple object, the
// product's name) and a wide banner. Generated, so the demo ships no binary files and needs no network.

/** Escapes the five characters XML gives meaning to, so a product name never breaks the document. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** A 600×600 product picture: the hue tells categories apart at a glance. */
export function productImage(opts: { key: string; title: string; category: string; hue: number }): string {
  const { hue } = opts;
  const words = opts.title.split(' ');
  // Two lines of at most ~22 characters each, so long names stay inside the card.
  const lines: string[] = [''];
  for (const word of words) {
    const last = lines.length - 1;
    if ((lines[last] as string).length + word.length > 22 && lines.length < 2) lines.push(word);
    else lines[last] = `${lines[last]} ${word}`.trim();
  }
  const text = lines
    .map((line, i) => `<text x="300" y="${470 + i * 44}" font-size="36" text-anchor="middle" fill="#1f2937">${escapeXml(line)}</text>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img" aria-label="${escapeXml(opts.title)}">`,
    `<rect width="600" height="600" fill="hsl(${hue},70%,94%)"/>`,
    `<circle cx="300" cy="240" r="150" fill="hsl(${hue},65%,72%)"/>`,
    `<rect x="215" y="165" width="170" height="150" rx="24" fill="hsl(${(hue + 30) % 360},60%,45%)"/>`,
    `<text x="300" y="70" font-size="24" text-anchor="middle" fill="#6b7280" font-family="sans-serif">${escapeXml(opts.category)}</text>`,
    `<g font-family="sans-serif">${text}</g>`,
    `</svg>`,
  ].join('');
}

/** A 1200×400 home-page banner. */
export function bannerImage(title: string, hue: number): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="400" viewBox="0 0 1200 400" role="img" aria-label="${escapeXml(title)}">`,
    `<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="hsl(${hue},80%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},80%,40%)"/></linearGradient></defs>`,
    `<rect width="1200" height="400" fill="url(#g)"/>`,
    `<circle cx="1020" cy="200" r="140" fill="rgba(255,255,255,0.18)"/>`,
    `<text x="80" y="220" font-size="72" font-family="sans-serif" font-weight="700" fill="#ffffff">${escapeXml(title)}</text>`,
    `</svg>`,
  ].join('');
}
