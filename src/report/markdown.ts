/**
 * Markdown to HTML for report text, safe for strings that come from data: raw HTML in the source is shown
 * as text, links keep only http(s), mailto and in-page targets, and images are shown as their alt text
 * unless they are `data:` images (a report makes no network request).
 *
 * @example
 * import { markdownToHtml } from './markdown.js';
 * markdownToHtml('**ok** <script>x</script>'); // '<p><strong>ok</strong> &lt;script&gt;x&lt;/script&gt;</p>\n'
 */
import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './html.js';

const SAFE_HREF = /^(?:https?:|mailto:|#|[^:]*$)/i;
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;

const marked = new Marked({
  async: false,
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      const text = escapeHtml(token.text);
      return 'block' in token && token.block ? `<p>${text.trimEnd()}</p>\n` : text;
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link): string {
      const inner = this.parser.parseInline(token.tokens);
      if (!SAFE_HREF.test(token.href)) return inner;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      return `<a href="${escapeHtml(token.href)}"${title}>${inner}</a>`;
    },
    image(token: Tokens.Image): string {
      if (DATA_IMAGE.test(token.href)) return `<img src="${token.href}" alt="${escapeHtml(token.text)}">`;
      return `<span class="note">[image: ${escapeHtml(token.text || token.href)}]</span>`;
    },
  },
});

/**
 * Render markdown (GitHub-flavoured) to HTML with raw HTML escaped and remote resources removed.
 *
 * @example
 * markdownToHtml('A [link](https://example.org) and ![x](https://example.org/x.png)');
 */
export function markdownToHtml(source: string): string {
  return marked.parse(source) as string;
}
