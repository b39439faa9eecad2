/** Small pieces for the Worker's own pages, which are built as strings on the server. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element or a quoted attribute. */
export function escape(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Inline markdown: `code` and nothing else; the text around it is escaped. */
function inline(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The markdown of the OpenAPI descriptions: paragraphs, `-` lists and `code`. */
export function markdown(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((block) => {
      if (!block.startsWith('- ')) return `<p>${inline(block)}</p>`;
      const items = block.split(/\n(?=- )/).map((item) => `<li>${inline(item.slice(2))}</li>`);
      return `<ul>${items.join('')}</ul>`;
    })
    .join('\n');
}

export function page(title: string, stylesheet: string, body: string, script?: string): string {
  const scriptTag = script ? `<script src="/assets/${script}" defer></script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/assets/${stylesheet}">
${scriptTag}
</head>
<body>
${body}
</body>
</html>
`;
}
